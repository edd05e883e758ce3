using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Registers what the Redis-backed state shares: <see cref="SessionStoreOptions"/> (section <c>ConnectionStrings</c>,
/// validated at startup) and one <see cref="IConnectionMultiplexer"/>. Every registration of that state
/// (the session store, the finished-result cache, the limits) calls it, in any order: the second call adds nothing.
/// </summary>
public static class RedisConnectionServiceCollectionExtensions
{
    public static IServiceCollection AddRedisConnection(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<SessionStoreOptions>) && d.ImplementationType == typeof(SessionStoreOptionsValidator)))
        {
            return services;
        }

        services.AddOptions<SessionStoreOptions>().BindConfiguration(SessionStoreOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionStoreOptions>, SessionStoreOptionsValidator>();
        services.TryAddSingleton<IConnectionMultiplexer>(provider =>
        {
            var configuration = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis!);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        return services;
    }
}
