namespace Liveness.Policies.Deletions;

/// <summary>
/// A due deletion one replica claimed (<see cref="IDeletionSchedule.ClaimDueAsync"/>): no other replica claims it
/// until <see cref="ClaimedUntil"/>, which also identifies the claim: a schedule change meanwhile (the result seen
/// final, a new due time) ends it, and the claim's own updates then do nothing.
/// </summary>
/// <param name="Deletion">The session.</param>
/// <param name="FailedAttempts">Deletions of it that failed so far (the backoff's exponent).</param>
/// <param name="ClaimedUntil">The end of the claim's lease.</param>
public sealed record ClaimedDeletion(ScheduledDeletion Deletion, int FailedAttempts, DateTimeOffset ClaimedUntil);
