using System.Globalization;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Verdicts;

/// <summary>
/// Verdicts in Redis, shared by every replica, under the owner's hash tag (<see cref="RedisOwnerKeys"/>), so every
/// script below touches one hash slot and runs on Redis Cluster too:
/// <see cref="RedisOwnerKeys.SessionVerdict"/> keeps a session's verdict as first recorded (so its
/// <see cref="LivenessVerdict.DecidedAt"/> never moves) for as long as the session's record lives;
/// <see cref="RedisOwnerKeys.Verdict"/> is a copy of the owner's most recently decided one, expiring
/// <see cref="VerdictOptions.TimeToLive"/> after it was decided (also checked on the app's clock when read);
/// <see cref="RedisOwnerKeys.UsedPass"/> marks a pass used, set once (<c>SET NX</c>);
/// <see cref="RedisOwnerKeys.Verdicts"/> lists the sessions with a verdict, for the owner's erasure. A session's keys
/// are not removed with the session: deleting it does not erase a pass already used; only the owner's erasure
/// removes them all, the latest verdict first among them, so no pass is left to use. Any failure of the Redis client is a
/// <see cref="SessionStoreUnavailableException"/>.
/// </summary>
internal sealed class RedisVerdictStore(IConnectionMultiplexer redis, IOptions<VerdictOptions> options, IOptions<SessionPolicyOptions> sessions, TimeProvider time) : IVerdictStore
{
    private const string SessionField = "session";
    private const string KindField = "kind";
    private const string DecisionField = "decision";
    private const string IdenticalField = "identical";
    private const string ConfidenceField = "confidence";
    private const string ModelField = "model";
    private const string DigestField = "digest";
    private const string DecidedField = "decided";
    private const string AbuseField = "abuse";

    /// <summary>
    /// KEYS: the owner's latest verdict, the session's verdict, the owner's list of sessions with a verdict. ARGV: now
    /// (Unix ms), the verdict's time to live (ms), the session verdict's time to live (ms), the session's id, then the
    /// verdict's fields and values. The session's first verdict is kept (and listed, so an erasure finds it); it
    /// becomes the latest unless a verdict decided later is already there. Returns 1 when it is the latest.
    /// </summary>
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then
          redis.call('HSET', KEYS[2], unpack(ARGV, 5))
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
          redis.call('SADD', KEYS[3], ARGV[4])
          redis.call('PEXPIRE', KEYS[3], ARGV[3])
        end
        local decided = tonumber(redis.call('HGET', KEYS[2], 'decided'))
        local latest = tonumber(redis.call('HGET', KEYS[1], 'decided') or '-1')
        if latest > decided then
          return 0
        end
        local remaining = decided + tonumber(ARGV[2]) - tonumber(ARGV[1])
        if remaining <= 0 then
          return 0
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(redis.call('HGETALL', KEYS[2])))
        redis.call('PEXPIRE', KEYS[1], remaining)
        return 1
        """;

    private readonly TimeSpan _ttl = options.Value.TimeToLive;
    private readonly TimeSpan _sessionTtl = sessions.Value.RecordTimeToLive;

    public Task RecordAsync(string ownerKey, LivenessVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var args = new List<RedisValue>
        {
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)_ttl.TotalMilliseconds,
            (long)_sessionTtl.TotalMilliseconds,
            verdict.SessionId,
        };
        foreach (var field in Fields(verdict))
        {
            args.Add(field.Name);
            args.Add(field.Value);
        }

        RedisKey[] keys = [RedisOwnerKeys.Verdict(ownerKey), RedisOwnerKeys.SessionVerdict(ownerKey, verdict.SessionId), RedisOwnerKeys.Verdicts(ownerKey)];
        return ExecuteAsync(db => db.ScriptEvaluateAsync(RecordScript, keys, [.. args]));
    }

    public Task<LivenessVerdict?> FindLatestAsync(string ownerKey, CancellationToken cancellationToken) =>
        ExecuteAsync(async db =>
        {
            var verdict = ToVerdict(await db.HashGetAllAsync(RedisOwnerKeys.Verdict(ownerKey)));
            return verdict is not null && verdict.DecidedAt + _ttl > time.GetUtcNow() ? verdict : null;
        });

    public Task<LivenessVerdict?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(async db => ToVerdict(await db.HashGetAllAsync(RedisOwnerKeys.SessionVerdict(ownerKey, sessionId))));

    public Task<bool> TryConsumeAsync(string ownerKey, string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(db => db.StringSetAsync(RedisOwnerKeys.UsedPass(ownerKey, sessionId), 1, _sessionTtl, When.NotExists));

    public Task RemoveAllAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        return ExecuteAsync(async db =>
        {
            var index = RedisOwnerKeys.Verdicts(ownerKey);
            var listed = (await db.SetMembersAsync(index)).Select(id => id.ToString());
            var transaction = db.CreateTransaction();
            var commands = new List<Task>
            {
                transaction.KeyDeleteAsync(RedisOwnerKeys.Verdict(ownerKey)),
                transaction.KeyDeleteAsync(index),
            };
            foreach (var sessionId in listed.Union(sessionIds, StringComparer.Ordinal))
            {
                commands.Add(transaction.KeyDeleteAsync(RedisOwnerKeys.SessionVerdict(ownerKey, sessionId)));
                commands.Add(transaction.KeyDeleteAsync(RedisOwnerKeys.UsedPass(ownerKey, sessionId)));
            }

            if (!await transaction.ExecuteAsync())
            {
                throw new SessionStoreUnavailableException("Redis did not commit the removal of the verdicts.");
            }

            await Task.WhenAll(commands);
            return true;
        });
    }

    private static IEnumerable<HashEntry> Fields(LivenessVerdict verdict)
    {
        yield return new HashEntry(SessionField, verdict.SessionId);
        yield return new HashEntry(KindField, verdict.Kind.ToName());
        yield return new HashEntry(DecidedField, verdict.DecidedAt.ToUnixTimeMilliseconds());
        if (verdict.Decision is { } decision)
        {
            yield return new HashEntry(DecisionField, decision);
        }

        if (verdict.IsIdentical is { } identical)
        {
            yield return new HashEntry(IdenticalField, identical ? 1 : 0);
        }

        if (verdict.MatchConfidence is { } confidence)
        {
            yield return new HashEntry(ConfidenceField, confidence.ToString("R", CultureInfo.InvariantCulture));
        }

        if (verdict.ModelVersion is { } model)
        {
            yield return new HashEntry(ModelField, model);
        }

        if (verdict.Digest is { } digest)
        {
            yield return new HashEntry(DigestField, digest);
        }

        if (verdict.IsAbuseDetected)
        {
            yield return new HashEntry(AbuseField, 1);
        }
    }

    private static LivenessVerdict? ToVerdict(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value, StringComparer.Ordinal);
        if (!fields.TryGetValue(SessionField, out var session)
            || !fields.TryGetValue(KindField, out var kindName) || !SessionKindNames.TryParse(kindName, out var kind)
            || !fields.TryGetValue(DecidedField, out var decided) || !decided.TryParse(out long decidedMs))
        {
            return null; // not a verdict this code wrote: no pass is ever read from it
        }

        return new LivenessVerdict(
            session.ToString(),
            kind,
            Text(fields, DecisionField),
            fields.TryGetValue(IdenticalField, out var identical) ? identical == 1 : null,
            fields.TryGetValue(ConfidenceField, out var confidence) && double.TryParse(confidence.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null,
            Text(fields, ModelField),
            Text(fields, DigestField),
            DateTimeOffset.FromUnixTimeMilliseconds(decidedMs),
            IsAbuseDetected: fields.TryGetValue(AbuseField, out var abuse) && abuse != 0);
    }

    private static string? Text(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value.ToString() : null;

    private Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation) => RedisCalls.ExecuteAsync(redis, operation);
}
