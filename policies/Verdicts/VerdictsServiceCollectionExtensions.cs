using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;

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
        if (services.TryAddValidatedOptions<VerdictOptions, VerdictOptionsValidator>(VerdictOptions.SectionName))
        {
            services.TryAddRedisOrMemory<IVerdictStore, RedisVerdictStore, InMemoryVerdictStore>();
        }

        return services;
    }
}
