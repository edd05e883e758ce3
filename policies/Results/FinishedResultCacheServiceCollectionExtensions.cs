using Liveness.Policies.Ownership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Results;

/// <summary>
/// Registers <see cref="IFinishedResultCache"/> beside the session store (call
/// <see cref="SessionStoreServiceCollectionExtensions.AddSessionStore"/> first): Redis when
/// <c>ConnectionStrings:Redis</c> is set (with a bounded memory of it in each replica,
/// <see cref="RememberingFinishedResultCache"/>), else this process's memory (Development only).
/// </summary>
public static class FinishedResultCacheServiceCollectionExtensions
{
    public static IServiceCollection AddFinishedResultCache(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(ISessionStore)))
        {
            throw new InvalidOperationException("Call AddSessionStore before AddFinishedResultCache: the cache shares its options and Redis connection.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFinishedResultCache>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? ActivatorUtilities.CreateInstance<InMemoryFinishedResultCache>(provider)
                : ActivatorUtilities.CreateInstance<RememberingFinishedResultCache>(provider,
                    ActivatorUtilities.CreateInstance<RedisFinishedResultCache>(provider, provider.GetRequiredService<IConnectionMultiplexer>())));
        return services;
    }
}
