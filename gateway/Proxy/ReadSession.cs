using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>GET .../sessions/{sessionId}</c>: an owned session's result. A session whose last known status is final
/// is answered from the finished-result cache, byte for byte what its owner was answered when Face reported
/// it, without a Face call and without spending the Face budget. Otherwise Face's answer is checked to be the
/// requested session's, keeps the store's status and session-image list current, fills the cache when the
/// result is final, and reaches the client as the bytes Face sent.
/// </summary>
internal sealed class ReadSession(OwnedSessions sessions, ISessionStore store, IFinishedResultCache results, AuditTrail audit, ILogger<FaceOperation> logger) : FaceOperation
{
    public override string Name => "Read";

    public override Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        sessions.AuthorizeAsync(context, feature);

    public override async Task<bool> TryAnswerWithoutFaceAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var owned = feature.Session!;
        if (!FinishedResults.IsFinal(owned.Status) || await FindFinishedAsync(owned, context.RequestAborted) is not { } json)
        {
            return false;
        }

        if (LivenessSessionResult.TryRead(json) is { } result)
        {
            Audit(context, feature, result);
        }

        await FaceSessionJson.WriteAsync(context.Response, StatusCodes.Status200OK, json, context.RequestAborted);
        return true;
    }

    public override async Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        context.SuppressResponseBody = true;
        var http = context.HttpContext;
        var owned = feature.Session!;
        var json = await FaceSessionJson.ReadBodyAsync(response, http.RequestAborted);
        var session = json is null ? null : LivenessSessionResult.TryRead(json);
        if (json is null || session is null || !string.Equals(session.SessionId, owned.SessionId, StringComparison.OrdinalIgnoreCase))
        {
            Log.UnexpectedFaceResponse(logger, Name, "the result is not the requested session's");
            await GatewayProblem.WriteAsync(http, FaceSessionJson.UpstreamFailed());
            return;
        }

        if (FinishedResults.IsFinal(session.Status))
        {
            // Kept before the record's status turns final, which is what sends later reads to the cache.
            await sessions.TryStoreAsync(() => results.StoreAsync(owned, json, http.RequestAborted), feature, owned.SessionId);
        }

        if (session.Status is { } status && status != owned.Status)
        {
            await sessions.TryStoreAsync(() => store.UpdateStatusAsync(owned, status, http.RequestAborted), feature, owned.SessionId);
        }

        var imageIds = SessionImageIds(session);
        if (imageIds.Count > 0)
        {
            await sessions.TryStoreAsync(() => store.RecordImagesAsync(owned, imageIds, http.RequestAborted), feature, owned.SessionId);
        }

        Audit(http, feature, session);
        await FaceSessionJson.WriteAsync(http.Response, StatusCodes.Status200OK, json, http.RequestAborted);
    }

    private void Audit(HttpContext context, LivenessRequestFeature feature, LivenessSessionResult result) =>
        audit.SessionResultRead(context, feature.User, feature.Session!, result.Status, result.Latest?.LivenessDecision, result.Latest?.VerifyResult?.IsIdentical);

    private async Task<byte[]?> FindFinishedAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        try
        {
            return await results.FindAsync(session, cancellationToken);
        }
        catch (SessionStoreUnavailableException)
        {
            return null; // Ownership is already certain; Face answers instead.
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
