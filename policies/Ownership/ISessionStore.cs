using Liveness.Policies.Sessions;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Where ownership lives: which user owns which session, of which kind, and which session images
/// were seen in that user's results. Every member throws <see cref="SessionStoreUnavailableException"/>
/// when the store cannot do what was asked, whatever the cause (connection lost, timeout, a command or
/// transaction the server or the client library refused); callers fail closed on it.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// False when the store is known to be unreachable right now (no round trip is made to find out).
    /// Creation checks it first, so that no billed Face session is created only to be deleted again.
    /// </summary>
    bool IsAvailable { get; }

    /// <summary>Records a new session and its owner, with the configured time to live.</summary>
    Task RecordAsync(SessionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// The record of <paramref name="sessionId"/> as <paramref name="callerKey"/> asks for it. The store looks only
    /// among the caller's own sessions (the keys under the caller's hash tag), so an id nobody created and another
    /// user's id both answer null after the same single lookup: how long a refusal takes tells nothing about other
    /// users' sessions. A decorator that remembers another user's record may return it after that same lookup;
    /// callers compare <see cref="SessionRecord.OwnerKey"/> with the caller before granting anything.
    /// </summary>
    Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken);

    /// <summary>Updates the last known status of an existing record; does nothing when there is none (any more).</summary>
    Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an existing record as deleted at Face at <paramref name="deletedAt"/> (the deletion sweeper's, which
    /// keeps the record and its stored result); does nothing when there is none (any more). Every replica's memory
    /// of the record forgets it, so none of them sends a request for it to Face afterwards.
    /// </summary>
    Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken);

    /// <summary>Removes a session's record (after Face confirmed its deletion).</summary>
    Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Removes everything the store holds of a session whose deletion Face confirmed, for its owner's erasure: its
    /// record, its place in the owner's list and the session images seen in its results, all at once (a removal
    /// notice included), so that a failure leaves the session listed and a repeated erasure finds it again.
    /// </summary>
    Task EraseAsync(SessionRecord record, CancellationToken cancellationToken);

    /// <summary>The owner's sessions, newest first, at most <paramref name="limit"/> (<see cref="int.MaxValue"/>: all of them).</summary>
    Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken);

    /// <summary>Records session image ids seen in a result of <paramref name="session"/>.</summary>
    Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken);

    /// <summary>
    /// Does to the store what recording a new session does (the same keys and the same transaction), on a probe
    /// record no request can name, so that readiness fails while the store is reachable but cannot record an
    /// owner. Throws <see cref="SessionStoreUnavailableException"/> when it cannot. A decorator must forward it.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The image's record, or null when it was never seen in a result of one of <paramref name="callerKey"/>'s
    /// sessions (as for <see cref="FindAsync"/>, only the caller's own keys are asked).
    /// </summary>
    Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken);
}
