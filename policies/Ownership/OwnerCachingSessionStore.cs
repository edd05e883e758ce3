using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Decorates the shared store with a bounded, in-process memory of the session records this replica wrote
/// or read, consulted before the store: a session's owner, kind and creation time never change once recorded
/// (Face never reuses a session id), so a remembered record answers its owner without a Redis round trip, and
/// still answers while Redis is down. Anyone else asking for it (<see cref="FindAsync(string, string, CancellationToken)"/>)
/// is answered through the store, as for an id nobody created, so that refusals take the same time. What keeps it from granting what the store would refuse:
/// <list type="bullet">
/// <item>Only records the store returned or this replica recorded are remembered. An id the store does not
/// know is never remembered: it is asked every time, and fails closed while the store is down.</item>
/// <item>An entry expires when its record does (created + <see cref="SessionPolicyOptions.RecordTimeToLive"/>,
/// on the injected <see cref="TimeProvider"/>; the store's own expiry starts later, at its write).</item>
/// <item>A removal is forgotten at once here and, through <see cref="ISessionRemovalNotices"/> (Redis pub/sub),
/// in every other replica; a removed id is not remembered again for a while (<see cref="ReplicaMemory{T}"/>), so
/// a read that raced the removal cannot bring it back. When notices may have been missed (the connection to Redis was
/// restored) the whole memory is dropped.</item>
/// </list>
/// The one field that changes, the last known status, may lag behind what another replica saw. A status only
/// moves forward and a final one never changes, so a lagging status costs at most one Face read (whose answer
/// then updates it), never a wrong answer; a final status is never replaced by an earlier one here.
/// </summary>
internal sealed partial class OwnerCachingSessionStore : ISessionStore, IDisposable
{
    /// <summary>
    /// Records remembered per replica. A liveness check lasts minutes and a replica serves the sessions it
    /// creates; in bench/run a create flood of 150,000 sessions raised RSS by ~100 MB with 100,000 allowed.
    /// </summary>
    internal const int MaxEntries = 10_000;

    private readonly ISessionStore _inner;
    private readonly ILogger<OwnerCachingSessionStore> _logger;
    private readonly TimeSpan _ttl;
    private readonly ReplicaMemory<SessionRecord> _records;

    public OwnerCachingSessionStore(ISessionStore inner, ISessionRemovalNotices notices, IOptions<SessionPolicyOptions> options, TimeProvider time, ILogger<OwnerCachingSessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _logger = logger;
        _ttl = options.Value.RecordTimeToLive;
        _records = new ReplicaMemory<SessionRecord>(MaxEntries, time);
        notices.Subscribe(Forget, ForgetAll);
    }

    public bool IsAvailable => _inner.IsAvailable;

    public async Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _inner.RecordAsync(record, cancellationToken);
        Remember(record);
    }

    public async Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken)
    {
        if (!_records.TryGet(sessionId, out var known))
        {
            var record = await _inner.FindAsync(sessionId, callerKey, cancellationToken);
            if (record is not null)
            {
                Remember(record);
            }

            return record;
        }

        if (known.OwnerKey == callerKey || !_inner.IsAvailable)
        {
            if (!_inner.IsAvailable)
            {
                LogAnsweredFromMemory(_logger);
            }

            return known;
        }

        // Another user's session: asked of the store exactly as an unknown id is (one lookup among the caller's
        // own keys, which finds nothing), so that both refusals take one store round trip and their timing does
        // not tell a session that exists from one that does not. The remembered record is the answer either way:
        // the caller refuses it as another user's.
        try
        {
            return await _inner.FindAsync(sessionId, callerKey, cancellationToken) ?? known;
        }
        catch (SessionStoreUnavailableException)
        {
            return known;
        }
    }

    public async Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await _inner.UpdateStatusAsync(session, status, cancellationToken);
        if (_records.TryGet(session.SessionId, out var known)
            && !(FinishedResults.IsFinal(known.Status) && !FinishedResults.IsFinal(status)))
        {
            Remember(known with { Status = status });
        }
    }

    public async Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        Forget(session.SessionId); // the next lookup reads the marked record
        await _inner.MarkDeletedAtFaceAsync(session, deletedAt, cancellationToken);
        Forget(session.SessionId);
    }

    public async Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Forget(record.SessionId);
        await _inner.RemoveAsync(record, cancellationToken);
    }

    public async Task EraseAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Forget(record.SessionId);
        await _inner.EraseAsync(record, cancellationToken);
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) =>
        _inner.ListAsync(ownerKey, limit, cancellationToken);

    public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) =>
        _inner.RecordImagesAsync(session, sessionImageIds, cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) => _inner.ProbeAsync(cancellationToken);

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) =>
        _inner.FindImageAsync(sessionImageId, callerKey, cancellationToken);

    public void Dispose() => _records.Dispose();

    private void Remember(SessionRecord record) => _records.Remember(record.SessionId, record, record.CreatedAt + _ttl);

    private void Forget(string sessionId) => _records.Forget(sessionId);

    private void ForgetAll()
    {
        LogMemoryDropped(_logger);
        _records.Clear();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Session store unavailable: ownership answered from this replica's memory.")]
    private static partial void LogAnsweredFromMemory(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Reconnected to the session store: this replica's memory of session records is dropped (removal notices may have been missed).")]
    private static partial void LogMemoryDropped(ILogger logger);
}
