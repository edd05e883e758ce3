using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.Deletions;

/// <summary>
/// Registers <see cref="IDeletionSchedule"/> and <see cref="DeletionOptions"/> (section <c>Sessions</c>, validated at
/// startup): Redis when <c>ConnectionStrings:Redis</c> is set, else this process's memory (Development only). It adds
/// the session rules and the Redis connection it shares with the other stores; a second call adds nothing.
/// </summary>
public static class DeletionScheduleServiceCollectionExtensions
{
    public static IServiceCollection AddDeletionSchedule(this IServiceCollection services)
    {
        services.AddSessionPolicy();
        services.AddRedisConnection();
        if (services.TryAddValidatedOptions<DeletionOptions, DeletionOptionsValidator>(DeletionOptions.SectionName))
        {
            services.TryAddRedisOrMemory<IDeletionSchedule, RedisDeletionSchedule, InMemoryDeletionSchedule>();
        }

        return services;
    }
}
