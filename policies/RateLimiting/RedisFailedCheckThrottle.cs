using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Failed checks in Redis, under the owner's hash tag (<see cref="RedisOwnerKeys"/>): one script over keys of one
/// hash slot, so it is atomic across replicas and runs on Redis Cluster. <see cref="RedisOwnerKeys.FailedCheck"/>
/// (set once, for as long as the session's record lives) makes a session count once;
/// <see cref="RedisOwnerKeys.FailedChecks"/> holds the failures within the window;
/// <see cref="RedisOwnerKeys.FailedCheckCooldown"/> holds until when creation is refused. Times are the app's clock
/// (<see cref="TimeProvider"/>, Unix ms), compared in the script and when read; key expiry only clears what is spent.
/// </summary>
internal sealed class RedisFailedCheckThrottle(IConnectionMultiplexer redis, IOptions<FailedCheckOptions> options, IOptions<SessionPolicyOptions> sessions, TimeProvider time) : IFailedCheckThrottle
{
    /// <summary>
    /// KEYS: the session's marker, the owner's failures, the owner's cooldown. ARGV: now, window, permit limit,
    /// cooldown, the marker's time to live (ms), the session id. Returns 1 when the failure was counted. The marker
    /// is set last: Redis does not undo a script that fails halfway, and a failure must then count when recorded again.
    /// </summary>
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return 0
        end
        local now = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
        redis.call('ZADD', KEYS[2], now, ARGV[6])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        local cooling = tonumber(redis.call('GET', KEYS[3]) or '0') > now
        if cooling or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
          redis.call('SET', KEYS[3], now + tonumber(ARGV[4]), 'PX', ARGV[4])
        end
        redis.call('SET', KEYS[1], '1', 'PX', ARGV[5])
        return 1
        """;

    private readonly FailedCheckOptions _options = options.Value;
    private readonly TimeSpan _markerTtl = sessions.Value.RecordTimeToLive;

    public Task RecordFailureAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [RedisOwnerKeys.FailedCheck(ownerKey, sessionId), RedisOwnerKeys.FailedChecks(ownerKey), RedisOwnerKeys.FailedCheckCooldown(ownerKey)];
        RedisValue[] args =
        [
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)_options.Window.TotalMilliseconds,
            _options.PermitLimit,
            (long)_options.Cooldown.TotalMilliseconds,
            (long)_markerTtl.TotalMilliseconds,
            sessionId,
        ];
        return ExecuteAsync(db => db.ScriptEvaluateAsync(RecordScript, keys, args));
    }

    public Task<TimeSpan?> RemainingCooldownAsync(string ownerKey, CancellationToken cancellationToken) =>
        ExecuteAsync<TimeSpan?>(async db =>
        {
            var until = await db.StringGetAsync(RedisOwnerKeys.FailedCheckCooldown(ownerKey));
            if (!until.TryParse(out long untilMs))
            {
                return null;
            }

            var remaining = DateTimeOffset.FromUnixTimeMilliseconds(untilMs) - time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : null;
        });

    private Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation) => RedisCalls.ExecuteAsync(redis, operation);
}
