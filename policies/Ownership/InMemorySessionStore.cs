using System.Collections.Concurrent;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Ownership in this process only: for Development without Redis. Same semantics as
/// <see cref="RedisSessionStore"/>, including expiry (driven by <see cref="TimeProvider"/>) and lookups that
/// answer only the caller's own sessions and images.
/// </summary>
internal sealed class InMemorySessionStore(IOptions<SessionPolicyOptions> options, TimeProvider time) : ISessionStore
{
    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;
    private readonly ConcurrentDictionary<string, (SessionRecord Record, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string OwnerKey, string SessionImageId), (SessionImageRecord Record, DateTimeOffset Expires)> _images = new();

    public bool IsAvailable => true;

    public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _sessions[record.SessionId] = (record, time.GetUtcNow() + _ttl);
        return Task.CompletedTask;
    }

    public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken) =>
        Task.FromResult(Live(_sessions, sessionId) is { } record && record.OwnerKey == callerKey ? record : null);

    public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_sessions.TryGetValue(session.SessionId, out var entry) && entry.Expires > time.GetUtcNow() && entry.Record.OwnerKey == session.OwnerKey)
        {
            _sessions.TryUpdate(session.SessionId, (entry.Record with { Status = status }, entry.Expires), entry);
        }

        return Task.CompletedTask;
    }

    public Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_sessions.TryGetValue(session.SessionId, out var entry) && entry.Expires > time.GetUtcNow() && entry.Record.OwnerKey == session.OwnerKey)
        {
            _sessions.TryUpdate(session.SessionId, (entry.Record with { DeletedAtFace = deletedAt }, entry.Expires), entry);
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _sessions.TryRemove(record.SessionId, out _);
        return Task.CompletedTask;
    }

    public Task EraseAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var image in _images.Where(e => e.Key.OwnerKey == record.OwnerKey && e.Value.Record.SessionId == record.SessionId))
        {
            _images.TryRemove(image.Key, out _);
        }

        if (_sessions.TryGetValue(record.SessionId, out var entry) && entry.Record.OwnerKey == record.OwnerKey)
        {
            _sessions.TryRemove(record.SessionId, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<SessionRecord> owned = [.. _sessions.Values
            .Where(e => e.Expires > now && e.Record.OwnerKey == ownerKey)
            .Select(e => e.Record)
            .OrderByDescending(r => r.CreatedAt)
            .Take(limit)];
        return Task.FromResult(owned);
    }

    public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sessionImageIds);
        var expires = time.GetUtcNow() + _ttl;
        foreach (var imageId in sessionImageIds)
        {
            _images[(session.OwnerKey, imageId)] = (new SessionImageRecord(imageId, session.SessionId, session.OwnerKey), expires);
        }

        return Task.CompletedTask;
    }

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) =>
        Task.FromResult(Live(_images, (callerKey, sessionImageId)));

    private T? Live<TKey, T>(ConcurrentDictionary<TKey, (T Record, DateTimeOffset Expires)> entries, TKey key)
        where TKey : notnull
        where T : class
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Expires > time.GetUtcNow())
        {
            return entry.Record;
        }

        entries.TryRemove(key, out _);
        return null;
    }
}
