namespace Liveness.Policies.Verdicts;

/// <summary>
/// The latest <see cref="LivenessVerdict"/> of each user, shared by every replica (Redis, under the user's hash
/// tag; memory in Development), kept for <c>Liveness:Verdicts:TimeToLive</c>.
/// </summary>
public interface IVerdictStore
{
    /// <summary>Records <paramref name="verdict"/> as the owner's latest (a verdict already recorded for the same session keeps its first <see cref="LivenessVerdict.DecidedAt"/>).</summary>
    Task RecordAsync(string ownerKey, LivenessVerdict verdict, CancellationToken cancellationToken);

    /// <summary>The owner's latest verdict, or null when there is none (or it expired).</summary>
    Task<LivenessVerdict?> FindLatestAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>The verdict recorded for the owner's session <paramref name="sessionId"/> (as first recorded), or null.</summary>
    Task<LivenessVerdict?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Uses the pass of session <paramref name="sessionId"/> once, atomically across replicas: true for the first
    /// caller only (a single-use liveness policy lets exactly one gated request through per pass).
    /// </summary>
    Task<bool> TryConsumeAsync(string ownerKey, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes all of the owner's verdicts, for the owner's erasure: the latest, each session's (those the store
    /// lists and those of <paramref name="sessionIds"/>, which covers any recorded before it listed them) and the
    /// marks of passes used. No pass of the owner is left afterwards; a later liveness check starts afresh.
    /// </summary>
    Task RemoveAllAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken);
}
