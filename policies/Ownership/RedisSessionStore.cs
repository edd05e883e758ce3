using System.Globalization;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Ownership in Redis, shared by every replica. Keys:
/// <c>liveness:session:{id}</c> (hash: owner, kind, created, status),
/// <c>liveness:owner:{ownerKey}</c> (sorted set of the owner's session ids by creation time),
/// <c>liveness:image:{imageId}</c> (hash: session, owner). All expire after
/// <see cref="SessionPolicyOptions.RecordTimeToLive"/>. A removal is announced on
/// <see cref="RedisSessionRemovalNotices.Channel"/> in the same transaction.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, IOptions<SessionPolicyOptions> options) : ISessionStore
{
    private const string OwnerField = "owner";
    private const string KindField = "kind";
    private const string CreatedField = "created";
    private const string StatusField = "status";
    private const string SessionField = "session";

    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;

    public bool IsAvailable => redis.IsConnected;

    public async Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            var sessionKey = SessionKey(record.SessionId);
            var ownerKey = OwnerKey(record.OwnerKey);
            _ = transaction.HashSetAsync(sessionKey,
            [
                new HashEntry(OwnerField, record.OwnerKey),
                new HashEntry(KindField, record.Kind.ToName()),
                new HashEntry(CreatedField, record.CreatedAt.ToUnixTimeMilliseconds()),
                new HashEntry(StatusField, record.Status),
            ]);
            _ = transaction.KeyExpireAsync(sessionKey, _ttl);
            _ = transaction.SortedSetAddAsync(ownerKey, record.SessionId, record.CreatedAt.ToUnixTimeMilliseconds());
            _ = transaction.KeyExpireAsync(ownerKey, _ttl);
            if (!await transaction.ExecuteAsync())
            {
                throw new SessionStoreUnavailableException("Redis did not commit the ownership record.");
            }

            return true;
        });
    }

    public Task<SessionRecord?> FindAsync(string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(async db => ToRecord(sessionId, await db.HashGetAllAsync(SessionKey(sessionId))));

    public Task UpdateStatusAsync(string sessionId, string status, CancellationToken cancellationToken) =>
        ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyExists(SessionKey(sessionId)));
            _ = transaction.HashSetAsync(SessionKey(sessionId), StatusField, status);
            return await transaction.ExecuteAsync();
        });

    public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(SessionKey(record.SessionId));
            _ = transaction.SortedSetRemoveAsync(OwnerKey(record.OwnerKey), record.SessionId);
            _ = transaction.PublishAsync(RedisSessionRemovalNotices.Channel, record.SessionId); // other replicas forget it too
            return await transaction.ExecuteAsync();
        });
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) =>
        ExecuteAsync<IReadOnlyList<SessionRecord>>(async db =>
        {
            var ids = await db.SortedSetRangeByRankAsync(OwnerKey(ownerKey), 0, limit - 1, Order.Descending);
            var batch = db.CreateBatch();
            var reads = ids.Select(id => (Id: (string)id!, Read: batch.HashGetAllAsync(SessionKey(id!)))).ToList();
            batch.Execute();
            var records = new List<SessionRecord>(reads.Count);
            var stale = new List<RedisValue>();
            foreach (var (id, read) in reads)
            {
                var record = ToRecord(id, await read);
                if (record is not null && record.OwnerKey == ownerKey)
                {
                    records.Add(record);
                }
                else
                {
                    stale.Add(id);
                }
            }

            if (stale.Count > 0)
            {
                await db.SortedSetRemoveAsync(OwnerKey(ownerKey), [.. stale]);
            }

            return records;
        });

    public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sessionImageIds);
        if (sessionImageIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            foreach (var imageId in sessionImageIds)
            {
                _ = transaction.HashSetAsync(ImageKey(imageId), [new HashEntry(SessionField, session.SessionId), new HashEntry(OwnerField, session.OwnerKey)]);
                _ = transaction.KeyExpireAsync(ImageKey(imageId), _ttl);
            }

            return await transaction.ExecuteAsync();
        });
    }

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, CancellationToken cancellationToken) =>
        ExecuteAsync(async db =>
        {
            var entries = await db.HashGetAllAsync(ImageKey(sessionImageId));
            var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            return fields.TryGetValue(SessionField, out var session) && fields.TryGetValue(OwnerField, out var owner)
                ? new SessionImageRecord(sessionImageId, session, owner)
                : null;
        });

    private static SessionRecord? ToRecord(string sessionId, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue(OwnerField, out var owner)
            || !fields.TryGetValue(KindField, out var kindName) || !SessionKindNames.TryParse(kindName, out var kind)
            || !fields.TryGetValue(CreatedField, out var created) || !long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var createdMs))
        {
            // A record the gateway did not write grants nothing.
            return null;
        }

        return new SessionRecord(sessionId, owner, kind, DateTimeOffset.FromUnixTimeMilliseconds(createdMs), fields.GetValueOrDefault(StatusField, "Unknown"));
    }

    private static RedisKey SessionKey(string sessionId) => $"liveness:session:{sessionId}";

    private static RedisKey OwnerKey(string ownerKey) => $"liveness:owner:{ownerKey}";

    private static RedisKey ImageKey(string imageId) => $"liveness:image:{imageId}";

    private async Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new SessionStoreUnavailableException("Redis is unavailable.", e);
        }
    }
}
