using Liveness.Policies.Ownership;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Gateway.Health;

/// <summary>
/// Redis answers PING within <see cref="PingTimeout"/> through the gateway's own multiplexer (so it
/// tests the connection requests use). Without Redis configured (the in-memory store, Development
/// only) there is nothing to wait for: healthy.
/// </summary>
internal sealed class RedisHealthCheck(IServiceProvider services, IOptions<SessionStoreOptions> store) : IHealthCheck
{
    /// <summary>Shorter than the readiness probe's own timeout (2 s in deploy/k8s).</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

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
            await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy("PING failed", e);
        }
    }
}
