using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Creates the per-user limiters behind the gateway's rate-limiting policies: a fixed window per partition
/// key, in Redis when it is configured (shared by every replica, with a per-replica fallback), otherwise in
/// this process's memory (Development only).
/// </summary>
public sealed class UserRateLimiters
{
    private readonly IConnectionMultiplexer? _redis;
    private readonly RateLimitStoreMonitor _monitor;

    internal UserRateLimiters(IConnectionMultiplexer? redis, RateLimitStoreMonitor monitor)
    {
        _redis = redis;
        _monitor = monitor;
    }

    /// <summary>
    /// The partition for <paramref name="partitionKey"/> (e.g. <c>liveness:create:{user key}</c>), which is also
    /// the Redis key's hash tag: <c>rl:fw:{liveness:create:...}</c>.
    /// </summary>
    public RateLimitPartition<string> Partition(string partitionKey, int permitLimit, TimeSpan window) =>
        Partition(partitionKey, permitLimit, window, permitsPerRedisCall: 1);

    /// <summary>
    /// As <see cref="Partition(string, int, TimeSpan)"/>, but each replica takes up to
    /// <paramref name="permitsPerRedisCall"/> permits of the user's window in one Redis call and hands them out
    /// until the window closes: fewer round trips, at the price of up to <paramref name="permitsPerRedisCall"/>
    /// less one permits per replica per window going unused. Never more than <paramref name="permitLimit"/>.
    /// </summary>
    public RateLimitPartition<string> Partition(string partitionKey, int permitLimit, TimeSpan window, int permitsPerRedisCall) =>
        RateLimitPartition.Get(partitionKey, key => new UserRateLimiter(key, permitLimit, window, permitsPerRedisCall, _redis, _monitor));
}
