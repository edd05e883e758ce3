using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>DELETE .../sessions/{sessionId}</c>: an owned session. After Face deleted it, its record goes, retried
/// within <see cref="RecordRemovalBudget"/> (even if the client went away), since a record left behind keeps
/// listing a session that no longer exists. When it cannot be removed in time the client is told so
/// (503 <c>SessionRecordNotRemoved</c>) rather than 204.
/// </summary>
internal sealed class DeleteSession(OwnedSessions sessions, TimeProvider time, ILogger<FaceOperation> logger) : FaceOperation
{
    /// <summary>
    /// How long the gateway keeps retrying the removal of a record whose session Face deleted before it answers
    /// that the record is still there. One attempt may overrun it by a Redis timeout.
    /// </summary>
    internal static readonly TimeSpan RecordRemovalBudget = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstRemovalRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRemovalRetry = TimeSpan.FromSeconds(1);

    public override string Name => "Delete";

    public override FaceOperationContract Describe(SessionKind kind) =>
        new($"Deletes one of the caller's {kind.ToName()} sessions at Face and its record at the gateway.", StatusCodes.Status204NoContent,
            "Face deleted the session and its record is removed.")
        {
            Problems = [Problems.InvalidSessionId, Problems.SessionNotFound, Problems.OwnershipStoreUnavailable, Problems.SessionRecordNotRemoved],
        };

    public override Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        sessions.AuthorizeAsync(context, feature);

    /// <summary>
    /// A session the gateway already deleted at Face (the deletion sweeper) is deleted as far as the owner is
    /// concerned: its record goes, without a Face call, and the answer is the same as after Face's confirmation.
    /// </summary>
    public override async Task<bool> TryAnswerWithoutFaceAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var owned = feature.Session!;
        if (owned.DeletedAtFace is null)
        {
            return false;
        }

        Log.SessionDeletedAtFace(logger, Name, owned.SessionId);
        context.RequestServices.GetRequiredService<AuditTrail>().SessionDeleted(context, feature.User, owned);
        if (await RemoveWithinBudgetAsync(feature, owned))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        await GatewayProblem.WriteAsync(context, Problems.SessionRecordNotRemoved.ToResult());
        return true;
    }

    public override async Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var http = context.HttpContext;
        var owned = feature.Session!;
        http.RequestServices.GetRequiredService<AuditTrail>().SessionDeleted(http, feature.User, owned);
        if (await RemoveWithinBudgetAsync(feature, owned))
        {
            return;
        }

        context.SuppressResponseBody = true;
        await GatewayProblem.WriteAsync(http, Problems.SessionRecordNotRemoved.ToResult());
    }

    private async Task<bool> RemoveWithinBudgetAsync(LivenessRequestFeature feature, SessionRecord owned)
    {
        var started = time.GetTimestamp();
        var retry = FirstRemovalRetry;
        while (true)
        {
            using var attempt = new CancellationTokenSource(RecordRemovalBudget, time);
            try
            {
                await sessions.RemoveRecordAsync(owned, attempt.Token);
                return true;
            }
            catch (SessionStoreUnavailableException e)
            {
                Log.StoreUpdateFailed(logger, feature.Route.Operation, owned.SessionId, e);
            }

            if (time.GetElapsedTime(started) + retry > RecordRemovalBudget)
            {
                Log.RecordNotRemoved(logger, owned.SessionId);
                return false;
            }

            await Task.Delay(retry, time);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRemovalRetry.Ticks));
        }
    }
}
