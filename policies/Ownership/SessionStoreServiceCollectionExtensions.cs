using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Registers <see cref="ISessionStore"/>, composed here and nowhere else, from the inside out: the backend
/// (<see cref="RedisSessionStore"/> when <c>ConnectionStrings:Redis</c> is set, else <see cref="InMemorySessionStore"/>,
/// Development only), then <see cref="OwnerCachingSessionStore"/> (the replica's memory of the records), then the
/// caller's <see cref="SessionStoreDecorator"/> if any (outermost: it sees what the caller sees). It adds the session
/// rules, the Redis connection and the removal notices it needs, which the other registrations of the shared state
/// may have added already.
/// </summary>
public static partial class SessionStoreServiceCollectionExtensions
{
    /// <summary>The backend's name given to a <see cref="SessionStoreDecorator"/>: Redis.</summary>
    public const string RedisBackend = "redis";

    /// <summary>The backend's name given to a <see cref="SessionStoreDecorator"/>: this process's memory.</summary>
    public const string MemoryBackend = "memory";

    public static IServiceCollection AddSessionStore(this IServiceCollection services, SessionStoreDecorator? decorate = null)
    {
        if (services.Any(d => d.ServiceType == typeof(ISessionStore)))
        {
            throw new InvalidOperationException("A session store is already registered: AddSessionStore composes the store once (its backend, the replica's memory, then the decorator it is given).");
        }

        services.AddSessionPolicy();
        services.AddRedisConnection();
        services.AddSessionRemovalNotices();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISessionStore>(provider =>
        {
            var redis = !string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis);
            ISessionStore backend = redis ? ActivatorUtilities.CreateInstance<RedisSessionStore>(provider) : CreateInMemoryStore(provider);
            ISessionStore store = ActivatorUtilities.CreateInstance<OwnerCachingSessionStore>(provider, backend);
            return decorate is null ? store : decorate(provider, store, redis ? RedisBackend : MemoryBackend);
        });
        return services;
    }

    /// <summary>
    /// Registers <see cref="ISessionRemovalNotices"/>: Redis pub/sub when <c>ConnectionStrings:Redis</c> is set, else
    /// this process alone. The replica memories of the store and of the finished results both listen to it.
    /// </summary>
    internal static IServiceCollection AddSessionRemovalNotices(this IServiceCollection services)
    {
        services.AddRedisConnection();
        services.TryAddSingleton<ISessionRemovalNotices>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? LocalSessionRemovalNotices.Instance
                : ActivatorUtilities.CreateInstance<RedisSessionRemovalNotices>(provider));
        return services;
    }

    private static InMemorySessionStore CreateInMemoryStore(IServiceProvider provider)
    {
        LogInMemoryStore(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InMemorySessionStore).FullName!));
        return ActivatorUtilities.CreateInstance<InMemorySessionStore>(provider);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "ConnectionStrings:Redis is not set: session ownership is kept in this process's memory (Development only; lost on restart, not shared between replicas).")]
    private static partial void LogInMemoryStore(ILogger logger);
}
