using System.Collections.Concurrent;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Ownership in this process only: for Development without Redis. Same semantics as
/// <see cref="RedisSessionStore"/>, including expiry (driven by <see cref="TimeProvider"/>).
/// </summary>
internal sealed class InMemorySessionStore(IOptions<SessionPolicyOptions> options, TimeProvider time) : ISessionStore
{
    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;
    private readonly ConcurrentDictionary<string, (SessionRecord Record, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SessionImageRecord Record, DateTimeOffset Expires)> _images = new(StringComparer.Ordinal);

    public bool IsAvailable => true;

    public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _sessions[record.SessionId] = (record, time.GetUtcNow() + _ttl);
        return Task.CompletedTask;
    }

    public Task<SessionRecord?> FindAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(Live(_sessions, sessionId));

    public Task UpdateStatusAsync(string sessionId, string status, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(sessionId, out var entry) && entry.Expires > time.GetUtcNow())
        {
            _sessions.TryUpdate(sessionId, (entry.Record with { Status = status }, entry.Expires), entry);
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _sessions.TryRemove(record.SessionId, out _);
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
            _images[imageId] = (new SessionImageRecord(imageId, session.SessionId, session.OwnerKey), expires);
        }

        return Task.CompletedTask;
    }

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, CancellationToken cancellationToken) =>
        Task.FromResult(Live(_images, sessionImageId));

    private T? Live<T>(ConcurrentDictionary<string, (T Record, DateTimeOffset Expires)> entries, string key)
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
