using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The upstream budget in Redis, shared by every replica. Two sorted sets under one hash tag:
/// <c>{liveness:upstream}:in-flight</c> (permits taken, scored by when they are given up as abandoned) and
/// <c>{liveness:upstream}:answered</c> (calls Face answered, scored by when). A permit counts while in flight
/// and for one window after its answer.
/// </summary>
/// <remarks>
/// <para>
/// Hand-written Lua rather than a RedisRateLimiting limiter (used for the per-user limits), because this
/// budget needs what none of the library's limiters does: one clock for all replicas (Redis <c>TIME</c>; the
/// library takes each replica's own clock), a permit held until Face has answered and for a window after
/// (the library counts from when a permit is taken, which lets a slow call land in Face's next second
/// beside a fresh burst), and the time until the next permit frees (for the brief queue and an honest
/// <c>Retry-After</c>). Times are in milliseconds, which Lua's numbers hold exactly.
/// </para>
/// <para>
/// When the budget is large (<see cref="UpstreamBudgetOptions.LeaseBatchLimit"/> above 1) permits are leased
/// in batches by <see cref="UpstreamPermitPool"/>, which no library offers either: one script adds up to k
/// members to in-flight, each its own permit, at once (checking and adding in one atomic step, so no two
/// replicas can both see the same free room); another moves many answered permits to answered and removes
/// unused leased ones, in one round trip, with the answer time taken from Redis <c>TIME</c> when it runs
/// (at or after each call's answer, so a permit is held no shorter than one window after it). A third set,
/// <c>{liveness:upstream}:leases</c>, holds when each batch's unused permits will be given back, so that a
/// refusal still says when a permit may free. At a batch limit of 1 the original two single-permit scripts
/// run, unchanged.
/// </para>
/// </remarks>
internal sealed class RedisUpstreamBudget : IUpstreamBudget, IAsyncDisposable, IDisposable
{
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local permits = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) < permits then
          redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
          redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[3]) + window)
          return {1, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if oldest[2] then
          return {0, tonumber(oldest[2]) + window - now}
        end
        return {0, window}
        """;

    private const string ReleaseScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then
          redis.call('ZADD', KEYS[1], now, ARGV[1])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
        end
        return 1
        """;

    /// <summary>
    /// Up to ARGV[5] permits, members <c>ARGV[4]:1</c> .. <c>ARGV[4]:n</c>, as many as are free; n &gt; 1 records
    /// when the batch's unused permits are given back (ARGV[6] ms from now). Refused: the time until a permit
    /// may free, which is also when the first outstanding batch gives back what it did not use.
    /// </summary>
    private const string LeaseScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local permits = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local abandon = tonumber(ARGV[3])
        local lease = tonumber(ARGV[6])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 1)
        local free = permits - redis.call('ZCARD', KEYS[1]) - redis.call('ZCARD', KEYS[2])
        if free > 0 then
          local n = math.min(free, tonumber(ARGV[5]))
          local first = 1
          while first <= n do
            local last = math.min(n, first + 499)
            local members = {}
            for i = first, last do
              members[#members + 1] = now + abandon
              members[#members + 1] = ARGV[4] .. ':' .. i
            end
            redis.call('ZADD', KEYS[2], unpack(members))
            first = last + 1
          end
          redis.call('PEXPIRE', KEYS[2], abandon + window)
          if n > 1 then
            redis.call('ZADD', KEYS[3], now + lease, ARGV[4])
            redis.call('PEXPIRE', KEYS[3], lease + window)
          end
          return {n, 0}
        end
        local wait = window
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if oldest[2] then
          wait = tonumber(oldest[2]) + window - now
        end
        local batch = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
        if batch[2] then
          wait = math.min(wait, tonumber(batch[2]) - now)
        end
        return {0, wait}
        """;

    /// <summary>
    /// Moves ARGV[2] answered permits from in-flight to answered, at Redis's now (only those still in flight:
    /// one given up as abandoned is not counted twice), removes ARGV[3] unused leased permits from in-flight
    /// (they never reached Face), and forgets the batches named by the remaining arguments.
    /// </summary>
    private const string SettleScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local answered = tonumber(ARGV[2])
        local unused = tonumber(ARGV[3])
        local moved = 0
        for i = 4, 3 + answered do
          if redis.call('ZREM', KEYS[2], ARGV[i]) == 1 then
            redis.call('ZADD', KEYS[1], now, ARGV[i])
            moved = moved + 1
          end
        end
        if moved > 0 then
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + 1000)
        end
        for i = 4 + answered, 3 + answered + unused do
          redis.call('ZREM', KEYS[2], ARGV[i])
        end
        for i = 4 + answered + unused, #ARGV do
          redis.call('ZREM', KEYS[3], ARGV[i])
        end
        return moved
        """;

    /// <summary>Calls Face answered, scored by when (ms).</summary>
    public const string AnsweredKey = "{liveness:upstream}:answered";

    /// <summary>Permits taken for calls not answered yet, scored by when they are given up (ms).</summary>
    public const string InFlightKey = "{liveness:upstream}:in-flight";

    /// <summary>Leased batches, scored by when their unused permits are given back (ms).</summary>
    public const string LeasesKey = "{liveness:upstream}:leases";

    private static readonly RedisKey[] Keys = [AnsweredKey, InFlightKey];
    private static readonly RedisKey[] LeaseKeys = [AnsweredKey, InFlightKey, LeasesKey];

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisValue _permits;
    private readonly RedisValue _windowMs;
    private readonly RedisValue _abandonMs = (long)UpstreamBudgetOptions.AbandonedPermitTimeout.TotalMilliseconds;
    private readonly RedisValue _leaseMs = (long)UpstreamBudgetOptions.LeaseTime.TotalMilliseconds;
    private readonly UpstreamPermitPool? _pool;

    public RedisUpstreamBudget(IConnectionMultiplexer redis, IOptions<UpstreamBudgetOptions> options, TimeProvider time, RateLimitStoreMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        var (permits, window) = options.Value.SlidingWindow();
        _permits = permits;
        _windowMs = (long)window.TotalMilliseconds;
        var batchLimit = options.Value.LeaseBatchLimit();
        _pool = batchLimit > 1 ? new UpstreamPermitPool(this, batchLimit, time, monitor) : null;
    }

    /// <summary>False when Redis is known to be unreachable (no round trip is made to find out).</summary>
    public bool IsAvailable => _redis.IsConnected;

    public async Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (_pool is not null)
        {
            return await _pool.TryAcquireAsync();
        }

        var id = Guid.NewGuid().ToString("N");
        var result = (RedisResult[]?)await _redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, Keys, [_permits, _windowMs, _abandonMs, id]);
        if (result is not { Length: 2 })
        {
            throw new RedisException("The upstream budget script returned an unexpected result.");
        }

        return (long)result[0] == 1
            ? UpstreamPermit.Granted(id, this)
            : UpstreamPermit.Refused(TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1])));
    }

    /// <summary>
    /// With leasing, queues the release for the pool's next flush and returns at once (the response to the
    /// client does not wait on Redis); otherwise releases in one round trip, as it always did.
    /// </summary>
    public async Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permit);
        if (permit.Id is null)
        {
            return;
        }

        if (_pool is not null)
        {
            await _pool.ReleaseAsync(permit.Id);
            return;
        }

        await _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, Keys, [permit.Id, _windowMs]);
    }

    /// <summary>Gives back the pool's unused permits and flushes its pending releases.</summary>
    public ValueTask DisposeAsync() => _pool?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Takes up to <paramref name="count"/> permits in one round trip, named <c>{batch}:1</c> .. <c>{batch}:n</c>.
    /// Returns how many were granted (0: refused, with the time until one may free).
    /// </summary>
    internal async Task<(int Granted, TimeSpan RetryAfter)> LeaseAsync(string batch, int count)
    {
        var result = (RedisResult[]?)await _redis.GetDatabase().ScriptEvaluateAsync(LeaseScript, LeaseKeys, [_permits, _windowMs, _abandonMs, batch, count, _leaseMs]);
        if (result is not { Length: 2 })
        {
            throw new RedisException("The upstream budget lease script returned an unexpected result.");
        }

        var granted = (int)result[0];
        return (granted, granted > 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1])));
    }

    /// <summary>In one round trip: <paramref name="answered"/> permits' calls were answered, <paramref name="unused"/> never reached Face, <paramref name="batches"/> are done.</summary>
    internal Task SettleAsync(IReadOnlyList<string> answered, IReadOnlyList<string> unused, IReadOnlyCollection<string> batches)
    {
        var args = new RedisValue[3 + answered.Count + unused.Count + batches.Count];
        args[0] = _windowMs;
        args[1] = answered.Count;
        args[2] = unused.Count;
        var i = 3;
        foreach (var id in answered.Concat(unused).Concat(batches))
        {
            args[i++] = id;
        }

        return _redis.GetDatabase().ScriptEvaluateAsync(SettleScript, LeaseKeys, args);
    }
}
