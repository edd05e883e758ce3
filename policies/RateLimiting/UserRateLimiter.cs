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
/// It is a <see cref="ReplenishingRateLimiter"/> so that ASP.NET Core's partitioned limiter replenishes the
/// fallback window on its heartbeat instead of a timer per user, and reports idleness so that a user's
/// limiter is dropped from memory when it is no longer used (the Redis state stays in Redis).
/// </remarks>
internal sealed class UserRateLimiter : ReplenishingRateLimiter
{
    private static readonly RateLimitLease Granted = new UserLimitLease(true, null);

    /// <summary>Refused without asking Redis: it is asynchronous, so the caller must use <c>AcquireAsync</c> (as with RedisRateLimiting).</summary>
    private static readonly RateLimitLease NotAttempted = new UserLimitLease(false, null);

    private readonly IConnectionMultiplexer? _redis;
    private readonly RedisFixedWindowRateLimiter<string>? _shared;
    private readonly FixedWindowRateLimiter _local;
    private readonly RateLimitStoreMonitor _monitor;
    private readonly TimeSpan _window;
    private long _lastUsed = Stopwatch.GetTimestamp();
    private int _inFlight;

    public UserRateLimiter(string partitionKey, int permitLimit, TimeSpan window, IConnectionMultiplexer? redis, RateLimitStoreMonitor monitor)
    {
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

        _local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }

    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _inFlight) > 0 || _local.IdleDuration is null ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

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
            if (_shared is not null)
            {
                if (_redis!.IsConnected)
                {
                    try
                    {
                        using var lease = await _shared.AcquireAsync(permitCount, cancellationToken);
                        _monitor.Answered();
                        return lease.IsAcquired ? Granted : new UserLimitLease(false, HonestRetryAfter(lease));
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        _monitor.Unavailable(e);
                    }
                }
                else
                {
                    _monitor.Unavailable(null);
                }
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
    /// RedisRateLimiting's fixed-window script opens a new window only once the clock's whole Unix second is
    /// past the window's end (<c>expires_at &lt; now</c>), so the <c>RetryAfter</c> it reports (end minus now,
    /// truncated) is a second too early. The honest wait runs to the second after the end. The library reads
    /// <see cref="DateTimeOffset.UtcNow"/>, not an injectable clock, so this reads the same system clock.
    /// </summary>
    private TimeSpan HonestRetryAfter(RateLimitLease lease)
    {
        if (!lease.TryGetMetadata(RateLimitMetadataName.Reset, out var windowEnd))
        {
            return _window;
        }

        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(windowEnd + 1 - now)));
    }

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
