using Liveness.Gateway.Proxy;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.Deletions;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Results;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liveness.Gateway.Deletions;

/// <summary>
/// Deletion at Face: <see cref="AddSessionDeletions"/> (the schedule and its policy, for whatever learns when a
/// session is due: a create, a read) and <see cref="AddDeletionSweeper"/> (the background sweeper that deletes due
/// sessions). The sweeper uses the session store (<c>AddSessionOwnership</c>) and the Face client (<c>AddFace</c>).
/// </summary>
internal static class DeletionExtensions
{
    /// <summary>The deletion schedule, <c>Sessions:DeleteAtFace</c> and its settings, and <see cref="SessionDeletions"/>; a second call adds nothing.</summary>
    public static IServiceCollection AddSessionDeletions(this IServiceCollection services)
    {
        services.AddDeletionSchedule();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SessionDeletions>();
        return services;
    }

    public static WebApplicationBuilder AddDeletionSweeper(this WebApplicationBuilder builder)
    {
        builder.Services.AddSessionDeletions();
        builder.Services.AddFinishedResultCache();
        builder.Services.AddVerdicts(); // a final result the sweeper finds is kept as a read keeps it
        builder.Services.AddFailedCheckThrottle();
        builder.Services.TryAddSingleton<SessionOutcomes>();
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.TryAddSingleton<DeletionMetrics>();
        builder.Services.TryAddSingleton<DeletionSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeletionSweeper>());
        return builder;
    }
}
