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
/// Hand-written Lua rather than a RedisRateLimiting limiter (used for the per-user limits), because this
/// budget needs what none of the library's limiters does: one clock for all replicas (Redis <c>TIME</c>; the
/// library takes each replica's own clock), a permit held until Face has answered and for a window after
/// (the library counts from when a permit is taken, which lets a slow call land in Face's next second
/// beside a fresh burst), and the time until the next permit frees (for the brief queue and an honest
/// <c>Retry-After</c>). Times are in milliseconds, which Lua's numbers hold exactly.
/// </remarks>
internal sealed class RedisUpstreamBudget(IConnectionMultiplexer redis, IOptions<UpstreamBudgetOptions> options) : IUpstreamBudget
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

    /// <summary>Calls Face answered, scored by when (ms).</summary>
    public const string AnsweredKey = "{liveness:upstream}:answered";

    /// <summary>Permits taken for calls not answered yet, scored by when they are given up (ms).</summary>
    public const string InFlightKey = "{liveness:upstream}:in-flight";

    private static readonly RedisKey[] Keys = [AnsweredKey, InFlightKey];

    private readonly RedisValue _permits = options.Value.SlidingWindow().Permits;
    private readonly RedisValue _windowMs = (long)options.Value.SlidingWindow().Window.TotalMilliseconds;
    private readonly RedisValue _abandonMs = (long)UpstreamBudgetOptions.AbandonedPermitTimeout.TotalMilliseconds;

    /// <summary>False when Redis is known to be unreachable (no round trip is made to find out).</summary>
    public bool IsAvailable => redis.IsConnected;

    public async Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var result = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, Keys, [_permits, _windowMs, _abandonMs, id]);
        if (result is not { Length: 2 })
        {
            throw new RedisException("The upstream budget script returned an unexpected result.");
        }

        return (long)result[0] == 1
            ? UpstreamPermit.Granted(id, this)
            : UpstreamPermit.Refused(TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1])));
    }

    public async Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permit);
        if (permit.Id is not null)
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, Keys, [permit.Id, _windowMs]);
        }
    }
}
