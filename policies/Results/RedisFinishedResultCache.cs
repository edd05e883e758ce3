using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Results;

/// <summary>
/// Finished results in Redis, shared by every replica: <see cref="RedisOwnerKeys.Result"/> (hash: owner, json), under
/// the owner's hash tag with the rest of the owner's keys, expiring with the session's ownership record
/// (created + <see cref="SessionPolicyOptions.RecordTimeToLive"/>).
/// </summary>
internal sealed class RedisFinishedResultCache(IConnectionMultiplexer redis, IOptions<SessionPolicyOptions> options, TimeProvider time) : IFinishedResultCache
{
    private const string OwnerField = "owner";
    private const string JsonField = "json";

    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;

    public Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ExecuteAsync(async db =>
        {
            var fields = await db.HashGetAsync(RedisOwnerKeys.Result(session.OwnerKey, session.SessionId), [OwnerField, JsonField]);
            return fields[0] == session.OwnerKey && fields[1].HasValue ? (byte[]?)fields[1] : null;
        });
    }

    public Task StoreAsync(SessionRecord session, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expires = session.CreatedAt + _ttl;
        if (expires <= time.GetUtcNow())
        {
            return Task.CompletedTask;
        }

        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            var key = RedisOwnerKeys.Result(session.OwnerKey, session.SessionId);
            _ = transaction.HashSetAsync(key, [new HashEntry(OwnerField, session.OwnerKey), new HashEntry(JsonField, json)]);
            _ = transaction.KeyExpireAsync(key, expires.UtcDateTime);
            return await transaction.ExecuteAsync();
        });
    }

    public Task RemoveAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ExecuteAsync(db => db.KeyDeleteAsync(RedisOwnerKeys.Result(session.OwnerKey, session.SessionId)));
    }

    private Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation) => RedisCalls.ExecuteAsync(redis, operation);
}
