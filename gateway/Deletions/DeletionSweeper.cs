using System.Net;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Face;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.RateLimiting;
using Liveness.Policies.Deletions;
using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Deletions;

/// <summary>
/// Deletes the sessions the gateway created at Face when they are due (<see cref="SessionDeletions"/>), in the
/// background of every replica (<c>Sessions:Sweeper:Enabled</c>), every <c>Sessions:Sweeper:Interval</c> on the app's
/// <see cref="TimeProvider"/>. Each sweep claims due sessions from the shared <see cref="IDeletionSchedule"/> (one replica
/// per session; a crashed replica's claim ends with its lease) and, for each:
/// <list type="bullet">
/// <item>its record gone (the owner deleted it) or already deleted at Face: the entry is dropped;</item>
/// <item>no final result kept (a session nobody finished, or one whose result the gateway failed to keep): Face is
/// asked once; a final answer is kept as an owner's read keeps it (<see cref="SessionOutcomes"/>, which reschedules
/// the deletion by the policy), anything else is deleted;</item>
/// <item>a final result kept: with <see cref="DeleteAtFace.AfterRetention"/>, put back until <c>FaceRetention</c> after
/// the result was first seen final (the verdict's time) if that is still ahead; otherwise deleted at Face (its 404 counts as deleted), the record marked
/// (<see cref="SessionRecord.DeletedAtFace"/>) so reads answer from the kept result and nothing goes to Face for it
/// again; an unfinished session's record is removed instead (there is nothing to read);</item>
/// <item>a failure: rescheduled with exponential backoff (30 s doubling, at most <c>Sessions:Sweeper:MaxRetryDelay</c>).</item>
/// </list>
/// Every Face call goes through the one Face pipeline (<see cref="FaceSessionClient"/>) at
/// <see cref="FaceCallPriority.Background"/>: a permit free at once, never while a call waits for one on this replica;
/// and all sweepers together make at most <c>Sessions:Sweeper:BudgetShare</c> of the Face budget's calls per window
/// (<see cref="IDeletionSchedule.TryTakeCallsAsync"/>). When either refuses, the sweep stops and puts back what it
/// claimed, unharmed.
/// </summary>
internal sealed class DeletionSweeper(
    IDeletionSchedule schedule,
    ISessionStore store,
    IFinishedResultCache results,
    IVerdictStore verdicts,
    SessionOutcomes outcomes,
    FaceSessionClient face,
    AuditTrail audit,
    DeletionMetrics metrics,
    IOptions<DeletionOptions> options,
    IOptions<UpstreamBudgetOptions> budget,
    TimeProvider time,
    ILogger<DeletionSweeper> logger) : BackgroundService
{
    /// <summary>The operation's name in logs.</summary>
    public const string OperationName = "Sweep";

    /// <summary>The first pause after a failed deletion; it doubles with each failure.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Most sessions remembered as read unfinished (<see cref="_readUnfinished"/>); beyond it the memory is dropped.</summary>
    private const int MaxReadUnfinished = 10_000;

    /// <summary>Most deletions one sweep drops under <see cref="DeleteAtFace.Never"/> (no Face call, so no share applies).</summary>
    private const int DropBatch = 100;

    private readonly SemaphoreSlim _oneSweep = new(1, 1);

    /// <summary>
    /// Sessions this replica found unfinished at Face but could not delete yet (no permit for the delete): deleted
    /// without a second read next time, so a budget of one call at a time (tier F0) cannot make a read and a delete
    /// chase each other forever. Per replica: another replica's claim reads once more.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _readUnfinished = new(StringComparer.Ordinal);

    /// <summary>
    /// The sweepers' calls per window: <c>BudgetShare</c> of <c>PermitsPerSecond</c>, a whole number per second from
    /// two a second up, or below that two calls per <c>2 / rate</c> seconds (an unfinished session costs a read and a
    /// delete, taken together).
    /// </summary>
    public (int Calls, TimeSpan Window) Share()
    {
        var rate = budget.Value.PermitsPerSecond * options.Value.Sweeper.BudgetShare;
        return rate >= 2
            ? ((int)Math.Floor(rate), TimeSpan.FromSeconds(1))
            : (2, TimeSpan.FromMilliseconds(Math.Ceiling(2000 / rate)));
    }

    /// <summary>One sweep (the hosted loop runs one per interval; tests call it directly). Sweeps never overlap on a replica.</summary>
    /// <returns>The sessions deleted at Face (or found gone there) in this sweep.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        await _oneSweep.WaitAsync(cancellationToken);
        try
        {
            return await SweepAsync(cancellationToken);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.ScheduleUnavailable(logger, e);
            return 0;
        }
        finally
        {
            _oneSweep.Release();
        }
    }

    public override void Dispose()
    {
        _oneSweep.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweeper = options.Value.Sweeper;
        if (!sweeper.Enabled)
        {
            return;
        }

        var (calls, window) = Share();
        var policy = options.Value.DeleteAtFace.ToString();
        Log.SweeperStarted(logger, sweeper.Interval, calls, window, policy);
        using var timer = new PeriodicTimer(sweeper.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A defect must not stop the host (a hosted service's exception would) nor the next sweeps:
                    // what this sweep claimed is claimable again once its lease ends.
                    Log.SweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a claim not settled ends with its lease, and any replica takes it over.
        }
    }

    private async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DeleteAtFace == DeleteAtFace.Never)
        {
            await DropAsync(cancellationToken);
            return 0;
        }

        var (calls, _) = Share();
        var claimed = await schedule.ClaimDueAsync(time.GetUtcNow(), calls, options.Value.Sweeper.ClaimLease, cancellationToken);
        var deleted = 0;
        for (var i = 0; i < claimed.Count; i++)
        {
            var outcome = await SweepAsync(claimed[i], cancellationToken);
            if (outcome == Outcome.NoBudget)
            {
                for (var j = i; j < claimed.Count; j++)
                {
                    await schedule.RescheduleAsync(claimed[j], time.GetUtcNow(), failed: false, cancellationToken);
                }

                Log.SweepYielded(logger, claimed.Count - i);
                break;
            }

            deleted += outcome == Outcome.Deleted ? 1 : 0;
        }

        metrics.Pending(await schedule.CountAsync(cancellationToken));
        return deleted;
    }

    /// <summary>
    /// With <see cref="DeleteAtFace.Never"/> nothing is scheduled any more; deletions scheduled before the policy changed
    /// are dropped when they come due, without a Face call, so that the schedule (which has no expiry) empties.
    /// </summary>
    private async Task DropAsync(CancellationToken cancellationToken)
    {
        var claimed = await schedule.ClaimDueAsync(time.GetUtcNow(), DropBatch, options.Value.Sweeper.ClaimLease, cancellationToken);
        foreach (var claim in claimed)
        {
            Log.DeletionDropped(logger, claim.Deletion.SessionId, "Sessions:DeleteAtFace is Never");
            await schedule.CompleteAsync(claim, cancellationToken);
        }

        metrics.Pending(await schedule.CountAsync(cancellationToken));
    }

    private async Task<Outcome> SweepAsync(ClaimedDeletion claim, CancellationToken cancellationToken)
    {
        var deletion = claim.Deletion;
        SessionRecord? record;
        bool kept;
        try
        {
            record = await store.FindAsync(deletion.SessionId, deletion.OwnerKey, cancellationToken);
            if (record is null || record.OwnerKey != deletion.OwnerKey || record.Kind != deletion.Kind || record.DeletedAtFace is not null)
            {
                Log.DeletionDropped(logger, deletion.SessionId, record is null ? "its record is gone" : "already deleted at Face");
                await schedule.CompleteAsync(claim, cancellationToken);
                return Outcome.Dropped;
            }

            kept = FinishedResults.IsFinal(record.Status) && await results.FindAsync(record, cancellationToken) is not null;
            if (kept && await RetainedUntilAsync(record, cancellationToken) is { } retained && retained > time.GetUtcNow())
            {
                // Due as an abandoned session while its result was seen final less than FaceRetention ago (the
                // reschedule after that sighting did not reach the schedule): due when the retention ends.
                await schedule.RescheduleAsync(claim, retained, failed: false, cancellationToken);
                return Outcome.Rescheduled;
            }
        }
        catch (SessionStoreUnavailableException e)
        {
            return await FailedAsync(claim, "store_unavailable", e, cancellationToken);
        }

        // The Face calls this session may cost, taken together: a read and a delete, or a delete.
        var read = !kept && !_readUnfinished.ContainsKey(deletion.SessionId);
        if (!await TakeCallsAsync(read ? 2 : 1, cancellationToken))
        {
            return Outcome.NoBudget;
        }

        if (read)
        {
            var outcome = await ReadAtFaceAsync(claim, record, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }

            if (_readUnfinished.Count >= MaxReadUnfinished)
            {
                _readUnfinished.Clear();
            }

            _readUnfinished[deletion.SessionId] = true;
        }

        var deleted = await DeleteAtFaceAsync(claim, record, kept, cancellationToken);
        if (deleted != Outcome.NoBudget)
        {
            _readUnfinished.TryRemove(deletion.SessionId, out _);
        }

        return deleted;
    }

    /// <summary>
    /// With <see cref="DeleteAtFace.AfterRetention"/>: when the retention of a session whose result was seen final ends
    /// (its verdict keeps when that was first); null with another policy or without a verdict.
    /// </summary>
    private async Task<DateTimeOffset?> RetainedUntilAsync(SessionRecord record, CancellationToken cancellationToken) =>
        options.Value.DeleteAtFace == DeleteAtFace.AfterRetention && await verdicts.FindAsync(record.OwnerKey, record.SessionId, cancellationToken) is { } verdict
            ? verdict.DecidedAt + options.Value.FaceRetention
            : null;

    /// <summary>
    /// Asks Face once for a session the gateway has no final result of: null when it is to be deleted now (not final);
    /// otherwise what came of it (a final result kept and rescheduled by the policy, gone at Face, a failure, no budget).
    /// </summary>
    private async Task<Outcome?> ReadAtFaceAsync(ClaimedDeletion claim, SessionRecord record, CancellationToken cancellationToken)
    {
        (HttpStatusCode Status, byte[]? Json) answer;
        try
        {
            answer = await face.GetSessionAsync(record.Kind, record.SessionId, cancellationToken, FaceCallPriority.Background);
        }
        catch (UpstreamBudgetExceededException)
        {
            return Outcome.NoBudget;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return await FailedAsync(claim, "face_unreachable", e, cancellationToken);
        }

        if (answer.Status == HttpStatusCode.NotFound)
        {
            Log.AbandonedSessionRead(logger, record.SessionId, "404", "gone at Face already");
            return await SettleAsync(claim, record, kept: false, cancellationToken);
        }

        var result = answer.Json is { } json ? LivenessSessionResult.TryRead(json) : null;
        if (result is null || !string.Equals(result.SessionId, record.SessionId, StringComparison.OrdinalIgnoreCase))
        {
            return await FailedAsync(claim, "face_error", null, cancellationToken);
        }

        if (!FinishedResults.IsFinal(result.Status))
        {
            Log.AbandonedSessionRead(logger, record.SessionId, result.Status ?? "-", "deleted");
            return null;
        }

        // Kept as the owner's read would keep it; the policy reschedules the deletion from here (which ends this claim).
        Log.AbandonedSessionRead(logger, record.SessionId, result.Status!, "result kept, deletion rescheduled");
        return await outcomes.KeepAsync(record, answer.Json!, result, OperationName, cancellationToken)
            ? Outcome.Rescheduled
            : await FailedAsync(claim, "store_unavailable", null, cancellationToken);
    }

    private async Task<Outcome> DeleteAtFaceAsync(ClaimedDeletion claim, SessionRecord record, bool kept, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            // Checked again just before Face is called: a read may have seen the result final since the claim.
            if (!await schedule.IsClaimedAsync(claim, cancellationToken))
            {
                return Outcome.Rescheduled;
            }

            deleted = await face.DeleteSessionAsync(record.Kind, record.SessionId, cancellationToken, FaceCallPriority.Background);
        }
        catch (UpstreamBudgetExceededException)
        {
            return Outcome.NoBudget;
        }
        catch (SessionStoreUnavailableException e)
        {
            return await FailedAsync(claim, "store_unavailable", e, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return await FailedAsync(claim, "face_unreachable", e, cancellationToken);
        }

        return deleted
            ? await SettleAsync(claim, record, kept, cancellationToken)
            : await FailedAsync(claim, "face_error", null, cancellationToken);
    }

    /// <summary>
    /// After Face deleted the session (or no longer knew it): a kept result stays readable under a record marked
    /// deleted at Face; an unfinished session's record goes. Then the entry leaves the schedule, audited and counted.
    /// </summary>
    private async Task<Outcome> SettleAsync(ClaimedDeletion claim, SessionRecord record, bool kept, CancellationToken cancellationToken)
    {
        try
        {
            if (kept)
            {
                await store.MarkDeletedAtFaceAsync(record, time.GetUtcNow(), cancellationToken);
            }
            else
            {
                await results.RemoveAsync(record, cancellationToken);
                await store.RemoveAsync(record, cancellationToken);
            }

            await schedule.CompleteAsync(claim, cancellationToken);
        }
        catch (SessionStoreUnavailableException e)
        {
            // Deleted at Face, not yet recorded: the claim ends with its lease, and Face's 404 then counts as deleted.
            return await FailedAsync(claim, "store_unavailable", e, cancellationToken);
        }

        var reason = !kept ? "abandoned" : options.Value.DeleteAtFace == DeleteAtFace.AfterFinalRead ? "final_read" : "retention";
        metrics.Deleted(reason);
        audit.SessionDeletedAtFace(record, reason);
        return Outcome.Deleted;
    }

    private async Task<Outcome> FailedAsync(ClaimedDeletion claim, string reason, Exception? exception, CancellationToken cancellationToken)
    {
        var delay = RetryDelay(claim.FailedAttempts);
        metrics.Failed(reason);
        Log.DeletionFailed(logger, claim.Deletion.SessionId, reason, delay, claim.FailedAttempts + 1, exception);
        try
        {
            await schedule.RescheduleAsync(claim, time.GetUtcNow() + delay, failed: true, cancellationToken);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.ScheduleUnavailable(logger, e); // the claim ends with its lease: retried then
        }

        return Outcome.Failed;
    }

    /// <summary>30 s after the first failure, doubling, at most <c>Sessions:Sweeper:MaxRetryDelay</c>.</summary>
    private TimeSpan RetryDelay(int failedAttempts)
    {
        var max = options.Value.Sweeper.MaxRetryDelay;
        var exponent = Math.Min(failedAttempts, 20);
        var delay = TimeSpan.FromTicks(FirstRetryDelay.Ticks * (1L << exponent));
        return delay < max ? delay : max;
    }

    /// <summary><paramref name="count"/> of the calls the sweepers of every replica may make in the current window.</summary>
    private Task<bool> TakeCallsAsync(int count, CancellationToken cancellationToken)
    {
        var (calls, window) = Share();
        return schedule.TryTakeCallsAsync(time.GetUtcNow(), count, calls, window, cancellationToken);
    }

    private enum Outcome
    {
        Deleted,
        Dropped,
        Rescheduled,
        Failed,
        NoBudget,
    }
}
