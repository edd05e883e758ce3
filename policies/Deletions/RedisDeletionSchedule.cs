using System.Globalization;
using Liveness.Policies.Ownership;
using StackExchange.Redis;

namespace Liveness.Policies.Deletions;

/// <summary>
/// The deletion schedule in Redis, shared by every replica and kept across restarts. All of its keys share the hash
/// tag <c>{liveness:deletions}</c>, so each script below touches one hash slot and runs on a single Redis and on Redis
/// Cluster alike: <see cref="Due"/> (sorted set: <see cref="ScheduledDeletion"/> members scored by when they are due,
/// or by the end of a replica's claim), <see cref="Failures"/> (hash: failed attempts per member) and one counter per
/// window of the sweepers' Face calls. One slot rather than keys per owner: a sweeper must find the due sessions of
/// every owner in one range query, which per-owner keys would only allow through an index in one slot anyway. The set
/// holds the sessions of the last two days at most (a member is removed once its session is deleted or its record is
/// gone), about a hundred bytes each. The keys have no expiry: a member is removed when it is settled.
/// </summary>
internal sealed class RedisDeletionSchedule(IConnectionMultiplexer redis) : IDeletionSchedule
{
    /// <summary>Due deletions (sorted set, Unix milliseconds).</summary>
    internal static readonly RedisKey Due = "{liveness:deletions}:due";

    /// <summary>Failed attempts per member (hash).</summary>
    internal static readonly RedisKey Failures = "{liveness:deletions}:failures";

    /// <summary>KEYS: due, failures. ARGV: now, limit, claimed-until. Returns member, failures, member, failures...</summary>
    private const string ClaimScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local claimed = {}
        for _, member in ipairs(due) do
          redis.call('ZADD', KEYS[1], ARGV[3], member)
          claimed[#claimed + 1] = member
          claimed[#claimed + 1] = redis.call('HGET', KEYS[2], member) or '0'
        end
        return claimed
        """;

    /// <summary>KEYS: due, failures. ARGV: member, claimed-until. Removes the member if its claim still holds.</summary>
    private const string CompleteScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if score and tonumber(score) == tonumber(ARGV[2]) then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: due, failures. ARGV: member, claimed-until, new due, 1 to count a failure. Moves the member if its claim still holds.</summary>
    private const string RescheduleScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if score and tonumber(score) == tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
          if ARGV[4] == '1' then
            redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
          end
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: the window's counter. ARGV: calls to take, calls allowed, counter's time to live (ms). 1 when they were taken.</summary>
    private const string TakeCallsScript = """
        local taken = redis.call('INCRBY', KEYS[1], ARGV[1])
        if taken == tonumber(ARGV[1]) then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        if taken > tonumber(ARGV[2]) then
          redis.call('DECRBY', KEYS[1], ARGV[1])
          return 0
        end
        return 1
        """;

    public Task ScheduleAsync(ScheduledDeletion deletion, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            var add = transaction.SortedSetAddAsync(Due, deletion.Member, due.ToUnixTimeMilliseconds());
            var reset = transaction.HashDeleteAsync(Failures, deletion.Member);
            if (!await transaction.ExecuteAsync())
            {
                throw new SessionStoreUnavailableException("Redis did not commit the deletion's schedule.");
            }

            await Task.WhenAll(add, reset);
            return true;
        });
    }

    public Task<IReadOnlyList<ClaimedDeletion>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds((now + lease).ToUnixTimeMilliseconds());
        return ExecuteAsync<IReadOnlyList<ClaimedDeletion>>(async db =>
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(ClaimScript, [Due, Failures], [now.ToUnixTimeMilliseconds(), limit, until.ToUnixTimeMilliseconds()]))!;
            var claimed = new List<ClaimedDeletion>(result.Length / 2);
            var foreign = new List<RedisValue>();
            for (var i = 0; i + 1 < result.Length; i += 2)
            {
                var member = (string?)result[i];
                if (ScheduledDeletion.FromMember(member) is { } deletion)
                {
                    claimed.Add(new ClaimedDeletion(deletion, int.TryParse((string?)result[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var failures) ? failures : 0, until));
                }
                else
                {
                    foreign.Add(member);
                }
            }

            if (foreign.Count > 0)
            {
                await db.SortedSetRemoveAsync(Due, [.. foreign]); // not written by the gateway: nothing to delete
            }

            return claimed;
        });
    }

    public Task<bool> IsClaimedAsync(ClaimedDeletion claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ExecuteAsync(async db => await db.SortedSetScoreAsync(Due, claim.Deletion.Member) == claim.ClaimedUntil.ToUnixTimeMilliseconds());
    }

    public Task CompleteAsync(ClaimedDeletion claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ExecuteAsync(db => db.ScriptEvaluateAsync(CompleteScript, [Due, Failures], [claim.Deletion.Member, claim.ClaimedUntil.ToUnixTimeMilliseconds()]));
    }

    public Task RescheduleAsync(ClaimedDeletion claim, DateTimeOffset due, bool failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ExecuteAsync(db => db.ScriptEvaluateAsync(RescheduleScript, [Due, Failures],
            [claim.Deletion.Member, claim.ClaimedUntil.ToUnixTimeMilliseconds(), due.ToUnixTimeMilliseconds(), failed ? 1 : 0]));
    }

    public Task<long> CountAsync(CancellationToken cancellationToken) => ExecuteAsync(db => db.SortedSetLengthAsync(Due));

    public Task<bool> TryTakeCallsAsync(DateTimeOffset now, int count, int calls, TimeSpan window, CancellationToken cancellationToken)
    {
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        var index = now.ToUnixTimeMilliseconds() / windowMs;
        RedisKey counter = $"{{liveness:deletions}}:calls:{index.ToString(CultureInfo.InvariantCulture)}";
        return ExecuteAsync(async db => (int)await db.ScriptEvaluateAsync(TakeCallsScript, [counter], [count, calls, 2 * windowMs]) == 1);
    }

    private Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation) => RedisCalls.ExecuteAsync(redis, operation);
}
