using Liveness.Policies.Ownership;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Gateway.Health;

/// <summary>
/// The session store can do its work: through the gateway's own store and Redis connection, it writes a probe
/// record the way a create records an owner (the same keys and transaction, <see cref="ISessionStore.ProbeAsync"/>)
/// within <see cref="ProbeTimeout"/>. A Redis that answers PING but refuses that write (a read-only replica after a
/// failover, a full memory, a command the client or the server refuses) makes every create fail, so
/// it makes the replica not ready. Without Redis configured (the in-memory store, Development only) there is
/// nothing to wait for: healthy.
/// </summary>
internal sealed class RedisHealthCheck(IServiceProvider services, IOptions<SessionStoreOptions> store) : IHealthCheck
{
    /// <summary>Shorter than the readiness probe's own timeout (2 s in deploy/k8s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(store.Value.Redis))
        {
            return HealthCheckResult.Healthy("in-memory store");
        }

        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("not connected");
        }

        try
        {
            await services.GetRequiredService<ISessionStore>().ProbeAsync(cancellationToken).WaitAsync(ProbeTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is SessionStoreUnavailableException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the ownership write failed", e);
        }
    }
}
