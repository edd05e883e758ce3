using Liveness.Policies.Deletions;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Deletions;

/// <summary>
/// When each session the gateway created is due for deletion at Face (<c>Sessions:DeleteAtFace</c>), written to the
/// shared <see cref="IDeletionSchedule"/> at the two moments the gateway learns it: when the owner is recorded (due
/// once the auth token has expired, plus <see cref="DeletionOptions.AbandonedSessionMargin"/>: a session that never
/// finishes), and when the gateway first sees the result final (due <see cref="DeletionOptions.FaceRetention"/> later,
/// or at once with <see cref="DeleteAtFace.AfterFinalRead"/>). With <see cref="DeleteAtFace.Never"/> nothing is
/// scheduled. Store failures are <see cref="Policies.Ownership.SessionStoreUnavailableException"/>s for the caller.
/// </summary>
internal sealed class SessionDeletions(IDeletionSchedule schedule, IOptions<DeletionOptions> options, IOptions<SessionPolicyOptions> sessions, TimeProvider time)
{
    /// <summary>The policy in force.</summary>
    public DeleteAtFace Policy => options.Value.DeleteAtFace;

    /// <summary>Schedules a new session's deletion for when it is abandoned; false when the policy is <see cref="DeleteAtFace.Never"/>.</summary>
    public async Task<bool> ScheduleAbandonedAsync(SessionRecord created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(created);
        if (Policy == DeleteAtFace.Never)
        {
            return false;
        }

        await schedule.ScheduleAsync(ScheduledDeletion.Of(created), AbandonedAt(created), cancellationToken);
        return true;
    }

    /// <summary>Reschedules a session whose result the gateway has just seen final and stored, as the policy says.</summary>
    public Task ScheduleFinishedAsync(SessionRecord finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finished);
        return Policy switch
        {
            DeleteAtFace.AfterRetention => schedule.ScheduleAsync(ScheduledDeletion.Of(finished), time.GetUtcNow() + options.Value.FaceRetention, cancellationToken),
            DeleteAtFace.AfterFinalRead => schedule.ScheduleAsync(ScheduledDeletion.Of(finished), time.GetUtcNow(), cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>When a session nobody finished is due: its auth token expired, and the margin passed.</summary>
    public DateTimeOffset AbandonedAt(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.CreatedAt + TimeSpan.FromSeconds(sessions.Value.AuthTokenTimeToLiveInSeconds) + options.Value.AbandonedSessionMargin;
    }
}
