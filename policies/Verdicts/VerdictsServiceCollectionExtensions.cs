using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Verdicts;

/// <summary>
/// Registers <see cref="IVerdictStore"/> and <see cref="VerdictOptions"/> (section <c>Liveness:Verdicts</c>, validated at
/// startup): Redis when <c>ConnectionStrings:Redis</c> is set, else this process's memory (Development only). It adds
/// the session rules and the Redis connection it shares with the other stores; a second call adds nothing.
/// </summary>
public static class VerdictsServiceCollectionExtensions
{
    public static IServiceCollection AddVerdicts(this IServiceCollection services)
    {
        services.AddSessionPolicy();
        services.AddRedisConnection();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<VerdictOptions>) && d.ImplementationType == typeof(VerdictOptionsValidator)))
        {
            return services;
        }

        services.AddOptions<VerdictOptions>().BindConfiguration(VerdictOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VerdictOptions>, VerdictOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IVerdictStore>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? ActivatorUtilities.CreateInstance<InMemoryVerdictStore>(provider)
                : ActivatorUtilities.CreateInstance<RedisVerdictStore>(provider, provider.GetRequiredService<IConnectionMultiplexer>()));
        return services;
    }
}
