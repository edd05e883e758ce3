using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Results;

/// <summary>
/// Finished results in Redis, shared by every replica: <c>liveness:result:{sessionId}</c> (hash: owner, json),
/// expiring with the session's ownership record (created + <see cref="SessionPolicyOptions.RecordTimeToLive"/>).
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
            var fields = await db.HashGetAsync(Key(session.SessionId), [OwnerField, JsonField]);
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
            var key = Key(session.SessionId);
            _ = transaction.HashSetAsync(key, [new HashEntry(OwnerField, session.OwnerKey), new HashEntry(JsonField, json)]);
            _ = transaction.KeyExpireAsync(key, expires.UtcDateTime);
            return await transaction.ExecuteAsync();
        });
    }

    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(db => db.KeyDeleteAsync(Key(sessionId)));

    /// <summary>The Redis key of a session's cached result.</summary>
    public static string Key(string sessionId) => $"liveness:result:{sessionId}";

    private async Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        // Fail fast while disconnected: a cache miss must not wait for a Redis timeout.
        if (!redis.IsConnected)
        {
            throw new SessionStoreUnavailableException("Redis is unavailable.");
        }

        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (Exception e) when (e is not SessionStoreUnavailableException)
        {
            // Any failure of the Redis client, as in RedisSessionStore: RedisCommandException (a command the
            // client refuses before sending it) is no RedisException.
            throw new SessionStoreUnavailableException("Redis is unavailable.", e);
        }
    }
}
