using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>The registration steps the Redis-backed stores share, so each store's <c>AddXxx</c> says only what is its own.</summary>
internal static class StateRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/>, validated at startup by
    /// <typeparamref name="TValidator"/>; false when an earlier call did already (adding it twice adds nothing).
    /// </summary>
    public static bool TryAddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationType == typeof(TValidator)))
        {
            return false;
        }

        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return true;
    }

    /// <summary>
    /// <typeparamref name="TService"/> kept in Redis (<typeparamref name="TRedis"/>, given the shared connection) when
    /// <c>ConnectionStrings:Redis</c> is set, else in this process's memory (<typeparamref name="TMemory"/>, Development only).
    /// </summary>
    public static void TryAddRedisOrMemory<TService, TRedis, TMemory>(this IServiceCollection services)
        where TService : class
        where TRedis : TService
        where TMemory : TService
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TService>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? ActivatorUtilities.CreateInstance<TMemory>(provider)
                : ActivatorUtilities.CreateInstance<TRedis>(provider, provider.GetRequiredService<IConnectionMultiplexer>()));
    }
}
