namespace Liveness.Policies.Deletions;

/// <summary>
/// The sessions the gateway will delete at Face and when, shared by every replica: each due session is claimed by
/// one replica at a time (<see cref="ClaimDueAsync"/>, atomic), so it is deleted once; a claim not settled (its
/// replica crashed) ends with its lease, and any replica claims the session again. Every member throws
/// <see cref="Ownership.SessionStoreUnavailableException"/> when the schedule cannot be read or changed.
/// </summary>
public interface IDeletionSchedule
{
    /// <summary>(Re)schedules <paramref name="deletion"/> at <paramref name="due"/>, with no failed attempt; ends any claim of it.</summary>
    Task ScheduleAsync(ScheduledDeletion deletion, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Claims at most <paramref name="limit"/> deletions due at <paramref name="now"/>, each until <paramref name="now"/> + <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<ClaimedDeletion>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>True while <paramref name="claim"/> still holds: nobody rescheduled or settled the deletion since it was claimed.</summary>
    Task<bool> IsClaimedAsync(ClaimedDeletion claim, CancellationToken cancellationToken);

    /// <summary>Removes the deletion from the schedule (done, or nothing left to delete), if <paramref name="claim"/> still holds.</summary>
    Task CompleteAsync(ClaimedDeletion claim, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the deletion back at <paramref name="due"/>, if <paramref name="claim"/> still holds; with
    /// <paramref name="failed"/> one more failed attempt is counted (otherwise it was not tried: no budget).
    /// </summary>
    Task RescheduleAsync(ClaimedDeletion claim, DateTimeOffset due, bool failed, CancellationToken cancellationToken);

    /// <summary>Deletions scheduled, due or not.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="count"/> of the <paramref name="calls"/> Face calls every sweeper together may make in the
    /// fixed <paramref name="window"/> that holds <paramref name="now"/>; false (and none taken) when fewer are left.
    /// </summary>
    Task<bool> TryTakeCallsAsync(DateTimeOffset now, int count, int calls, TimeSpan window, CancellationToken cancellationToken);
}
