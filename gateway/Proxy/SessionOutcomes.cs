using Liveness.Gateway.Deletions;
using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway keeps when Face reports an owned session's result, whoever asked (the owner's read, or an
/// assertion): when the result is final, the owner's verdict (and, when it is not a pass, a failed check), then the
/// finished result in the cache; the session's status; the session images seen; and, the first time the result is
/// final, when the session is to be deleted at Face (<see cref="SessionDeletions"/>). A final result whose verdict could
/// not be recorded is neither cached nor recorded as final, so the next look at it asks Face again and records it
/// then: a failed check is never lost to a Redis blip. Store failures after that are logged and let the answer through.
/// </summary>
internal sealed class SessionOutcomes(
    ISessionStore store,
    IFinishedResultCache results,
    IVerdictStore verdicts,
    IFailedCheckThrottle failedChecks,
    SessionDeletions deletions,
    TimeProvider time,
    ILogger<FaceOperation> logger)
{
    /// <summary>Keeps what <paramref name="session"/> (Face's answer, <paramref name="json"/> as Face sent it) says of <paramref name="owned"/>.</summary>
    /// <returns>True when the result is final and stored: reads of it no longer need Face.</returns>
    public async Task<bool> KeepAsync(SessionRecord owned, byte[] json, LivenessSessionResult session, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(session);
        var final = FinishedResults.IsFinal(session.Status);
        var recorded = !final || await TryRecordVerdictAsync(owned, session, operation, cancellationToken);
        var stored = false;
        if (final && recorded)
        {
            // Kept before the record's status turns final, which is what sends later reads to the cache.
            stored = await TryStoreAsync(() => results.StoreAsync(owned, json, cancellationToken), operation, owned.SessionId);
        }

        if (recorded && session.Status is { } status && status != owned.Status)
        {
            await TryStoreAsync(() => store.UpdateStatusAsync(owned, status, cancellationToken), operation, owned.SessionId);
        }

        if (stored && !FinishedResults.IsFinal(owned.Status))
        {
            // First seen final, and its result kept: the deletion at Face follows the policy from now on. Should this
            // fail, the session stays due when it would be abandoned, and the sweeper finds its result kept then.
            await TryStoreAsync(() => deletions.ScheduleFinishedAsync(owned, cancellationToken), operation, owned.SessionId);
        }

        var imageIds = SessionImageIds(session);
        if (imageIds.Count > 0)
        {
            await TryStoreAsync(() => store.RecordImagesAsync(owned, imageIds, cancellationToken), operation, owned.SessionId);
        }

        return stored;
    }

    /// <summary>
    /// Records the owner's verdict of a final result Face sent (never anything the client said) and, when it is
    /// not a pass, counts it as a failed check; false when the store could not take them.
    /// </summary>
    private async Task<bool> TryRecordVerdictAsync(SessionRecord owned, LivenessSessionResult session, string operation, CancellationToken cancellationToken)
    {
        var verdict = session.ToVerdict(owned.SessionId, owned.Kind, time.GetUtcNow());
        try
        {
            await verdicts.RecordAsync(owned.OwnerKey, verdict, cancellationToken);
            if (!verdict.IsPass)
            {
                await failedChecks.RecordFailureAsync(owned.OwnerKey, owned.SessionId, cancellationToken);
            }

            return true;
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUpdateFailed(logger, operation, owned.SessionId, e);
            return false;
        }
    }

    private async Task<bool> TryStoreAsync(Func<Task> update, string operation, string sessionId)
    {
        try
        {
            await update();
            return true;
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUpdateFailed(logger, operation, sessionId, e);
            return false;
        }
    }

    private static List<string> SessionImageIds(LivenessSessionResult session)
    {
        var ids = new List<string>();
        foreach (var attempt in session.AllAttempts)
        {
            if (attempt.Result?.SessionImageId is { } id && SessionIdentifiers.IsValidSessionImageId(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
