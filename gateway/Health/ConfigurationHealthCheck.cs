using Liveness.Gateway.Proxy;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Liveness.Gateway.Health;

/// <summary>
/// The configuration is in force: the options were validated at startup (a bad setting stops the
/// process), and YARP has applied routes and a Face destination (a reloaded proxy configuration
/// that YARP refused keeps the previous one; one that leaves no route or no destination fails here).
/// </summary>
internal sealed class ConfigurationHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.GetRoutes().Any())
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no proxy routes"));
        }

        return Task.FromResult(proxy.TryGetCluster(FaceClusterConfigFilter.FaceClusterId, out var face) && !face.Destinations.IsEmpty
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("no Face destination"));
    }
}
