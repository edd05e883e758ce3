using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Registers <see cref="IFailedCheckThrottle"/> and <see cref="FailedCheckOptions"/> (section
/// <c>RateLimiting:FailedChecks</c>, validated at startup): Redis when <c>ConnectionStrings:Redis</c> is set, else this
/// process's memory (Development only). Unlike the request limits it has no per-replica fallback: a failure count
/// that each replica kept apart would let a user try again on another one. It adds the session rules and the Redis
/// connection it shares with the other stores; a second call adds nothing.
/// </summary>
public static class FailedCheckServiceCollectionExtensions
{
    public static IServiceCollection AddFailedCheckThrottle(this IServiceCollection services)
    {
        services.AddSessionPolicy();
        services.AddRedisConnection();
        if (services.TryAddValidatedOptions<FailedCheckOptions, FailedCheckOptionsValidator>(FailedCheckOptions.SectionName))
        {
            services.TryAddRedisOrMemory<IFailedCheckThrottle, RedisFailedCheckThrottle, InMemoryFailedCheckThrottle>();
        }

        return services;
    }
}
