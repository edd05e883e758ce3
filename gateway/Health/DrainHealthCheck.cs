using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Liveness.Gateway.Health;

/// <summary>Unready once the gateway is stopping (<see cref="ShutdownDrain"/>).</summary>
internal sealed class DrainHealthCheck(ShutdownDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining ? HealthCheckResult.Unhealthy("stopping") : HealthCheckResult.Healthy());
}
