using System.Diagnostics;
using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// One user's fixed-window limit: RedisRateLimiting's fixed window, shared by every replica, and a
/// per-replica in-memory <see cref="FixedWindowRateLimiter"/> with the same settings that answers while Redis
/// cannot (not connected, or the call failed), so a request still served keeps a limit: never unlimited,
/// never a 500. Refusals carry an honest <see cref="MetadataName.RetryAfter"/>.
/// </summary>
/// <remarks>
/// <para>
/// Most requests need no Redis round trip (<see cref="UserWindowMemory"/>): once Redis has refused the user,
/// this replica refuses them until the window closes; and with more than one permit per call, a replica takes
/// that many of the window's permits in one call (the library's fixed window counts them atomically, all or
/// none) and hands them out until the window closes. Either way Redis never counts more than the limit in a
/// window and a permit is only handed out in the window it was counted in; the price of a batch is that up to
/// one batch less one permit per replica per window may go unused, so a user spread over several replicas may
/// be refused a little before the limit. A batch is asked for only while enough permits remain; after that, or
/// when a batch is refused, one permit at a time, so one replica alone always gives exactly the limit.
/// </para>
/// <para>
/// It is a <see cref="ReplenishingRateLimiter"/> so that ASP.NET Core's partitioned limiter replenishes the
/// fallback window on its heartbeat instead of a timer per user, and reports idleness so that a user's
/// limiter is dropped from memory when it is no longer used (the Redis state stays in Redis), but not while it
/// holds permits of an open window: dropping them would let a slow poller spend a batch per request.
/// </para>
/// </remarks>
internal sealed class UserRateLimiter : ReplenishingRateLimiter
{
    private static readonly RateLimitLease Granted = new UserLimitLease(true, null);

    /// <summary>Refused without asking Redis: it is asynchronous, so the caller must use <c>AcquireAsync</c> (as with RedisRateLimiting).</summary>
    private static readonly RateLimitLease NotAttempted = new UserLimitLease(false, null);

    private readonly IConnectionMultiplexer? _redis;
    private readonly RedisFixedWindowRateLimiter<string>? _shared;
    private readonly UserWindowMemory _memory;
    private readonly FixedWindowRateLimiter _local;
    private readonly RateLimitStoreMonitor _monitor;
    private readonly TimeSpan _window;
    private long _lastUsed = Stopwatch.GetTimestamp();
    private int _inFlight;

    /// <param name="partitionKey">The user's partition, also the Redis key's hash tag.</param>
    /// <param name="permitLimit">Permits per window.</param>
    /// <param name="window">The window, whole seconds.</param>
    /// <param name="permitsPerRedisCall">Permits taken per Redis call while enough remain, 1..<paramref name="permitLimit"/>; 1 keeps every grant exact.</param>
    /// <param name="redis">Redis, or null for a limit in this process's memory only (Development).</param>
    /// <param name="monitor">Told whether Redis answers.</param>
    public UserRateLimiter(string partitionKey, int permitLimit, TimeSpan window, int permitsPerRedisCall, IConnectionMultiplexer? redis, RateLimitStoreMonitor monitor)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitsPerRedisCall, permitLimit);
        _redis = redis;
        _monitor = monitor;
        _window = window;
        if (redis is not null)
        {
            _shared = new RedisFixedWindowRateLimiter<string>(partitionKey, new RedisFixedWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = window,
                ConnectionMultiplexerFactory = () => redis,
            });
        }

        // The library dates its windows by the system clock (DateTimeOffset.UtcNow), not an injectable one, so the
        // memory of them must use that clock too: a TimeProvider registered for tests must not stretch a window.
        _memory = new UserWindowMemory(permitsPerRedisCall, TimeProvider.System);
        _local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }

    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _inFlight) > 0 || _local.IdleDuration is null || _memory.HoldsPermits ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _local.ReplenishmentPeriod;

    public override bool TryReplenish() => _local.TryReplenish();

    /// <summary>None: the shared count lives in Redis.</summary>
    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotAttempted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (_shared is not null && await AcquireSharedAsync(permitCount) is { } lease)
            {
                return lease;
            }

            return await _local.AcquireAsync(permitCount, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _shared?.Dispose();
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The answer of the user's shared window, from this replica's memory of it or from Redis; null when Redis
    /// cannot answer. The gateway's policies ask for one permit per request; any other count is asked of Redis
    /// as it is, without the memory.
    /// </summary>
    private async ValueTask<RateLimitLease?> AcquireSharedAsync(int permitCount)
    {
        var asked = permitCount;
        if (permitCount == 1)
        {
            switch (_memory.Take(out asked, out var wait))
            {
                case UserWindowMemory.Outcome.Granted:
                    return Granted;
                case UserWindowMemory.Outcome.Refused:
                    return new UserLimitLease(false, wait);
            }
        }

        try
        {
            if (!_redis!.IsConnected)
            {
                _monitor.Unavailable(null);
                return null;
            }

            var answer = await AskRedisAsync(asked, remember: permitCount == 1);
            if (!answer.Granted && permitCount == 1 && asked > 1 && answer.Remaining > 0)
            {
                // Fewer than a batch remain: this request may still have one of them.
                answer = await AskRedisAsync(1, remember: true);
            }

            _monitor.Answered();
            return answer.Granted ? Granted : new UserLimitLease(false, answer.RetryAfter);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _monitor.Unavailable(e);
            return null;
        }
        finally
        {
            if (permitCount == 1 && asked > 1)
            {
                _memory.BatchAnswered();
            }
        }
    }

    /// <summary>
    /// One Redis call for <paramref name="permits"/> permits, one of them for this request and the rest, if
    /// <paramref name="remember"/>, for the memory, which also remembers a refusal. Returns whether they were
    /// granted, how many the window has left, and the honest wait until it closes.
    /// </summary>
    private async Task<(bool Granted, long Remaining, TimeSpan RetryAfter)> AskRedisAsync(int permits, bool remember)
    {
        using var lease = await _shared!.AcquireAsync(permits);
        if (!lease.TryGetMetadata(RateLimitMetadataName.Reset, out var windowEnd))
        {
            return (lease.IsAcquired, 0, _window);
        }

        var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? left : 0;
        var retryAfter = remember ? _memory.Record(permits, lease.IsAcquired, windowEnd, remaining) : UntilClosed(windowEnd);
        return (lease.IsAcquired, remaining, retryAfter);
    }

    /// <summary>The honest wait until the window ending at <paramref name="windowEnd"/> closes (see <see cref="UserWindowMemory"/>).</summary>
    private static TimeSpan UntilClosed(long windowEnd) =>
        TimeSpan.FromMilliseconds(Math.Max(1, ((windowEnd + 1) * 1000) - TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));

    private sealed class UserLimitLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
