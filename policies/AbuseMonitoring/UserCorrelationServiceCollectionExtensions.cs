using Liveness.Policies.Ownership;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.AbuseMonitoring;

/// <summary>
/// Registers <see cref="IUserCorrelationStore"/>: Redis when <c>ConnectionStrings:Redis</c> is set, else this process's
/// memory (Development only). It adds the Redis connection it shares with the other stores; a second call adds nothing.
/// </summary>
public static class UserCorrelationServiceCollectionExtensions
{
    public static IServiceCollection AddUserCorrelations(this IServiceCollection services)
    {
        services.AddRedisConnection();
        services.TryAddRedisOrMemory<IUserCorrelationStore, RedisUserCorrelationStore, InMemoryUserCorrelationStore>();
        return services;
    }
}
