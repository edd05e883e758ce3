using Liveness.Policies.Sessions;

namespace Liveness.Policies.Results;

/// <summary>
/// Finished session results, kept so that a result Face has finished is bought once: the exact JSON the
/// gateway answered the owner's read with once the status was final (<see cref="FinishedResults.IsFinal"/>),
/// kept until the session's ownership record expires. Only the owner's reads are answered from it; callers
/// check ownership first, and an entry recorded for another owner is never returned. Every member throws
/// <see cref="Ownership.SessionStoreUnavailableException"/> when the cache cannot answer; a read then goes to Face.
/// </summary>
public interface IFinishedResultCache
{
    /// <summary>The cached answer to a read of <paramref name="session"/> by its owner, or null when there is none.</summary>
    Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="json"/> as the answer to reads of <paramref name="session"/>, until its record expires.</summary>
    Task StoreAsync(SessionRecord session, ReadOnlyMemory<byte> json, CancellationToken cancellationToken);

    /// <summary>Forgets the session's result (it was deleted).</summary>
    Task RemoveAsync(SessionRecord session, CancellationToken cancellationToken);
}
