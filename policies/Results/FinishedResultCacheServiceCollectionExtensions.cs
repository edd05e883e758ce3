using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Results;

/// <summary>
/// Registers <see cref="IFinishedResultCache"/>: Redis when <c>ConnectionStrings:Redis</c> is set (with a bounded
/// memory of it in each replica, <see cref="RememberingFinishedResultCache"/>, told of removals like the session
/// store's), else this process's memory (Development only). It adds the session rules, the Redis connection and the
/// removal notices it shares with the session store, in whichever order the two are registered.
/// </summary>
public static class FinishedResultCacheServiceCollectionExtensions
{
    public static IServiceCollection AddFinishedResultCache(this IServiceCollection services)
    {
        services.AddSessionPolicy();
        services.AddRedisConnection();
        services.AddSessionRemovalNotices();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFinishedResultCache>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? ActivatorUtilities.CreateInstance<InMemoryFinishedResultCache>(provider)
                : ActivatorUtilities.CreateInstance<RememberingFinishedResultCache>(provider,
                    ActivatorUtilities.CreateInstance<RedisFinishedResultCache>(provider, provider.GetRequiredService<IConnectionMultiplexer>())));
        return services;
    }
}
