using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Results;

/// <summary>
/// Decorates the shared <see cref="IFinishedResultCache"/> with a bounded in-process memory of the finished
/// results this replica stored or read, consulted first: a finished result never changes, so a poll of a
/// finished session costs no Redis round trip either. The same rules as <see cref="OwnerCachingSessionStore"/>:
/// only what the shared cache answered or this replica stored is remembered, for the owner it was recorded for;
/// entries expire with the session's record; a deletion here, a removal notice from another replica
/// (<see cref="ISessionRemovalNotices"/>) or a reconnection to Redis forgets.
/// </summary>
internal sealed class RememberingFinishedResultCache : IFinishedResultCache, IDisposable
{
    /// <summary>
    /// Bytes of results remembered per replica. A finished result is a few kilobytes (its attempts, no images),
    /// so this holds a few thousand: the sessions whose owners are still polling. Kept small for the pod's memory.
    /// </summary>
    internal const long MaxBytes = 8 * 1024 * 1024;

    private readonly IFinishedResultCache _inner;
    private readonly TimeSpan _ttl;
    private readonly ReplicaMemory<Remembered> _results;

    public RememberingFinishedResultCache(IFinishedResultCache inner, ISessionRemovalNotices notices, IOptions<SessionPolicyOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _ttl = options.Value.RecordTimeToLive;
        _results = new ReplicaMemory<Remembered>(MaxBytes, time);
        notices.Subscribe(_results.Forget, _results.Clear);
    }

    public async Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_results.TryGet(session.SessionId, out var remembered) && remembered.OwnerKey == session.OwnerKey)
        {
            return remembered.Json;
        }

        var json = await _inner.FindAsync(session, cancellationToken);
        if (json is not null)
        {
            Remember(session, json);
        }

        return json;
    }

    public async Task StoreAsync(SessionRecord session, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await _inner.StoreAsync(session, json, cancellationToken);
        Remember(session, json.ToArray());
    }

    public async Task RemoveAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        _results.Forget(session.SessionId);
        await _inner.RemoveAsync(session, cancellationToken);
    }

    public void Dispose() => _results.Dispose();

    private void Remember(SessionRecord session, byte[] json) =>
        _results.Remember(session.SessionId, new Remembered(session.OwnerKey, json), session.CreatedAt + _ttl, size: json.Length);

    private sealed record Remembered(string OwnerKey, byte[] Json);
}
