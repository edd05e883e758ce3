namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The failed liveness checks of each user (<see cref="FailedCheckOptions"/>), shared by every replica (Redis, under
/// the user's hash tag; memory in Development). Every member throws
/// <see cref="Ownership.SessionStoreUnavailableException"/> when it cannot answer.
/// </summary>
public interface IFailedCheckThrottle
{
    /// <summary>
    /// Counts the final result of session <paramref name="sessionId"/>, which is not a pass, against its owner: once
    /// per session, however often it is read. Starts (or, during one, extends) the owner's cooldown when this makes
    /// <see cref="FailedCheckOptions.PermitLimit"/> failures within <see cref="FailedCheckOptions.Window"/>.
    /// </summary>
    Task RecordFailureAsync(string ownerKey, string sessionId, CancellationToken cancellationToken);

    /// <summary>How long the owner must still wait before creating a session; null when they may create one now.</summary>
    Task<TimeSpan?> RemainingCooldownAsync(string ownerKey, CancellationToken cancellationToken);
}
