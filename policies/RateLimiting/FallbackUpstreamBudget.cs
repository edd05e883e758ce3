using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The registered budget when Redis is configured: Redis while it answers, this replica's
/// <see cref="InMemoryUpstreamBudget"/> (same settings) while it cannot, so a request still served by a
/// replica is still within a budget, never unlimited and never a 500. Disposed with the application, it gives
/// back the permits the Redis budget leased and did not use, and flushes its pending releases.
/// </summary>
internal sealed class FallbackUpstreamBudget(RedisUpstreamBudget shared, InMemoryUpstreamBudget local, RateLimitStoreMonitor monitor) : IUpstreamBudget, IAsyncDisposable, IDisposable
{
    public async Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (shared.IsAvailable)
        {
            try
            {
                var permit = await shared.TryAcquireAsync(cancellationToken);
                monitor.Answered();
                return permit;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                monitor.Unavailable(e);
            }
        }
        else
        {
            monitor.Unavailable(null);
        }

        return await local.TryAcquireAsync(cancellationToken);
    }

    public async Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permit);
        if (permit.Issuer != shared)
        {
            await local.ReleaseAsync(permit, cancellationToken);
            return;
        }

        try
        {
            await shared.ReleaseAsync(permit, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The permit stays counted in Redis until it is given up as abandoned: the budget errs on the safe side.
            monitor.Unavailable(e);
        }
    }

    public ValueTask DisposeAsync() => shared.DisposeAsync();

    public void Dispose() => shared.Dispose();
}
