using System.Globalization;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Ownership in Redis, shared by every replica, on a single Redis or a Redis Cluster. Every key of a user's
/// sessions is under the owner's hash tag (<see cref="RedisOwnerKeys"/>): the session records, the owner's list
/// and the session images seen, so each transaction stays in one hash slot, and a lookup asks only among the
/// caller's own keys (which is the ownership check); each session also lists the images seen in its results, which
/// its erasure removes with it. All expire after
/// <see cref="SessionPolicyOptions.RecordTimeToLive"/>. A removal is announced on
/// <see cref="RedisSessionRemovalNotices.Channel"/> in the same transaction. Any failure of the Redis client
/// (connection, timeout, a command the server or the client library refuses) is a
/// <see cref="SessionStoreUnavailableException"/>.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, IOptions<SessionPolicyOptions> options) : ISessionStore
{
    private const string OwnerField = "owner";
    private const string KindField = "kind";
    private const string CreatedField = "created";
    private const string StatusField = "status";
    private const string SessionField = "session";
    private const string DeletedAtFaceField = "deletedAtFace";

    /// <summary>What <see cref="ProbeAsync"/> writes: neither a GUID nor a user key, so no request can name it.</summary>
    internal static readonly SessionRecord ProbeRecord = new("readiness-probe", "readiness-probe", SessionKind.Liveness, DateTimeOffset.UnixEpoch, "Probe");

    /// <summary>The probe's keys outlive a few readiness periods, not more.</summary>
    private static readonly TimeSpan ProbeTimeToLive = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;

    public bool IsAvailable => redis.IsConnected;

    public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(db => WriteAsync(db, record, _ttl));
    }

    public Task ProbeAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(db => WriteAsync(db, ProbeRecord, ProbeTimeToLive));

    public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken) =>
        ExecuteAsync(async db => ToRecord(sessionId, callerKey, await db.HashGetAllAsync(RedisOwnerKeys.Session(callerKey, sessionId))));

    public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = RedisOwnerKeys.Session(session.OwnerKey, session.SessionId);
        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyExists(key));
            var set = transaction.HashSetAsync(key, StatusField, status);
            if (!await transaction.ExecuteAsync())
            {
                return false; // no record (any more): nothing to update
            }

            await set;
            return true;
        });
    }

    public Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = RedisOwnerKeys.Session(session.OwnerKey, session.SessionId);
        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyExists(key));
            var set = transaction.HashSetAsync(key, DeletedAtFaceField, deletedAt.ToUnixTimeMilliseconds());
            var notice = transaction.PublishAsync(RedisSessionRemovalNotices.Channel, session.SessionId); // other replicas forget their copy
            if (!await transaction.ExecuteAsync())
            {
                return false; // no record (any more): nothing to mark
            }

            await Task.WhenAll(set, notice);
            return true;
        });
    }

    public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            Task[] commands =
            [
                transaction.KeyDeleteAsync(RedisOwnerKeys.Session(record.OwnerKey, record.SessionId)),
                transaction.SortedSetRemoveAsync(RedisOwnerKeys.Sessions(record.OwnerKey), record.SessionId),
                transaction.PublishAsync(RedisSessionRemovalNotices.Channel, record.SessionId), // other replicas forget it too
            ];
            return await CommitAsync(transaction, commands, "the removal");
        });
    }

    public Task EraseAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ExecuteAsync(async db =>
        {
            var imagesKey = RedisOwnerKeys.SessionImages(record.OwnerKey, record.SessionId);
            var imageIds = await db.SetMembersAsync(imagesKey);
            var transaction = db.CreateTransaction();
            var commands = new List<Task>(imageIds.Length + 4)
            {
                transaction.KeyDeleteAsync(RedisOwnerKeys.Session(record.OwnerKey, record.SessionId)),
                transaction.SortedSetRemoveAsync(RedisOwnerKeys.Sessions(record.OwnerKey), record.SessionId),
                transaction.KeyDeleteAsync(imagesKey),
                transaction.PublishAsync(RedisSessionRemovalNotices.Channel, record.SessionId),
            };
            commands.AddRange(imageIds.Select(id => transaction.KeyDeleteAsync(RedisOwnerKeys.Image(record.OwnerKey, id!))));
            return await CommitAsync(transaction, commands, "the erasure");
        });
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) =>
        ExecuteAsync<IReadOnlyList<SessionRecord>>(async db =>
        {
            var ids = await db.SortedSetRangeByRankAsync(RedisOwnerKeys.Sessions(ownerKey), 0, limit - 1, Order.Descending);
            var batch = db.CreateBatch();
            var reads = ids.Select(id => (Id: (string)id!, Read: batch.HashGetAllAsync(RedisOwnerKeys.Session(ownerKey, id!)))).ToList();
            batch.Execute();
            var records = new List<SessionRecord>(reads.Count);
            var stale = new List<RedisValue>();
            foreach (var (id, read) in reads)
            {
                var record = ToRecord(id, ownerKey, await read);
                if (record is not null)
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
                await db.SortedSetRemoveAsync(RedisOwnerKeys.Sessions(ownerKey), [.. stale]);
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
            var commands = new List<Task>(sessionImageIds.Count * 2 + 2);
            foreach (var imageId in sessionImageIds)
            {
                var key = RedisOwnerKeys.Image(session.OwnerKey, imageId);
                commands.Add(transaction.HashSetAsync(key, [new HashEntry(SessionField, session.SessionId), new HashEntry(OwnerField, session.OwnerKey)]));
                commands.Add(transaction.KeyExpireAsync(key, _ttl));
            }

            // The session's own list of its images, which an erasure of the session reads (no key scan on a cluster).
            var index = RedisOwnerKeys.SessionImages(session.OwnerKey, session.SessionId);
            commands.Add(transaction.SetAddAsync(index, [.. sessionImageIds.Select(id => (RedisValue)id)]));
            commands.Add(transaction.KeyExpireAsync(index, _ttl));

            return await CommitAsync(transaction, commands, "the session images");
        });
    }

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) =>
        ExecuteAsync(async db =>
        {
            var entries = await db.HashGetAllAsync(RedisOwnerKeys.Image(callerKey, sessionImageId));
            var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
            return fields.TryGetValue(SessionField, out var session) && fields.TryGetValue(OwnerField, out var owner) && owner == callerKey
                ? new SessionImageRecord(sessionImageId, session, owner)
                : null;
        });

    /// <summary>The ownership write of a new session: one transaction over its record and its owner's list (one hash slot).</summary>
    private static Task<bool> WriteAsync(IDatabase db, SessionRecord record, TimeSpan ttl)
    {
        var transaction = db.CreateTransaction();
        var sessionKey = RedisOwnerKeys.Session(record.OwnerKey, record.SessionId);
        var ownerKey = RedisOwnerKeys.Sessions(record.OwnerKey);
        Task[] commands =
        [
            transaction.HashSetAsync(sessionKey,
            [
                new HashEntry(OwnerField, record.OwnerKey),
                new HashEntry(KindField, record.Kind.ToName()),
                new HashEntry(CreatedField, record.CreatedAt.ToUnixTimeMilliseconds()),
                new HashEntry(StatusField, record.Status),
            ]),
            transaction.KeyExpireAsync(sessionKey, ttl),
            transaction.SortedSetAddAsync(ownerKey, record.SessionId, record.CreatedAt.ToUnixTimeMilliseconds()),
            transaction.KeyExpireAsync(ownerKey, ttl),
        ];
        return CommitAsync(transaction, commands, "the ownership record");
    }

    /// <summary>
    /// Runs a transaction that has no condition and waits for each of its commands: EXEC succeeds even when the
    /// server refused a command inside it (a wrong type, out of memory), and only that command's task says so.
    /// </summary>
    private static async Task<bool> CommitAsync(ITransaction transaction, IReadOnlyCollection<Task> commands, string what)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new SessionStoreUnavailableException($"Redis did not commit {what}.");
        }

        await Task.WhenAll(commands);
        return true;
    }

    private static SessionRecord? ToRecord(string sessionId, string ownerKey, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue(OwnerField, out var owner) || owner != ownerKey
            || !fields.TryGetValue(KindField, out var kindName) || !SessionKindNames.TryParse(kindName, out var kind)
            || !fields.TryGetValue(CreatedField, out var created) || !long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var createdMs))
        {
            // A record the gateway did not write grants nothing.
            return null;
        }

        return new SessionRecord(sessionId, owner, kind, DateTimeOffset.FromUnixTimeMilliseconds(createdMs), fields.GetValueOrDefault(StatusField, "Unknown"))
        {
            DeletedAtFace = fields.TryGetValue(DeletedAtFaceField, out var deleted) && long.TryParse(deleted, NumberStyles.None, CultureInfo.InvariantCulture, out var deletedMs)
                ? DateTimeOffset.FromUnixTimeMilliseconds(deletedMs)
                : null,
        };
    }

    private async Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (Exception e) when (e is not SessionStoreUnavailableException)
        {
            // Whatever the cause: a lost connection or a timeout (RedisException, TimeoutException), a command
            // or transaction the client library refuses before sending it (RedisCommandException, which is no
            // RedisException: a command the client cannot route), a server error inside a transaction,
            // a disposed connection. The caller fails closed.
            throw new SessionStoreUnavailableException("Redis could not do the session store's work.", e);
        }
    }
}
