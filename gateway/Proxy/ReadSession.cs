using Liveness.Gateway.OpenApi;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>GET .../sessions/{sessionId}</c>: an owned session's result. A session whose last known status is final
/// is answered from the finished-result cache, which keeps Face's answer byte for byte, without a Face call and
/// without spending the Face budget. Otherwise Face's answer is checked to be the requested session's, keeps the
/// store's status and session-image list current and, when the result is final, records the owner's verdict
/// (and, when it is not a pass, a failed check) before it fills the cache. The client gets the view
/// <c>Sessions:ClientResultView</c> names: the bytes Face sent, or the decision alone. A session the gateway deleted
/// at Face is always answered from the stored result (<see cref="SessionRecord.DeletedAtFace"/>).
/// </summary>
internal sealed class ReadSession(
    OwnedSessions sessions,
    SessionOutcomes outcomes,
    IFinishedResultCache results,
    IOptions<SessionPolicyOptions> policy,
    AuditTrail audit,
    ILogger<FaceOperation> logger) : FaceOperation
{
    public override string Name => "Read";

    public override FaceOperationContract Describe(SessionKind kind) =>
        new($"Reads one of the caller's {kind.ToName()} sessions: Face's session JSON as Face sent it.", StatusCodes.Status200OK,
            "The session (authToken is empty on reads). With Sessions:ClientResultView set to Decision, only the decision fields are kept. A finished session is answered from the gateway's result cache.")
        {
            Answer = new ContractContent("application/json", kind == SessionKind.Liveness ? ContractSchemas.LivenessSession : ContractSchemas.LivenessWithVerifySession),
            Problems = [Problems.InvalidSessionId, Problems.SessionNotFound, Problems.OwnershipStoreUnavailable],
        };

    public override Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        sessions.AuthorizeAsync(context, feature);

    public override async Task<bool> TryAnswerWithoutFaceAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var owned = feature.Session!;
        if (owned.DeletedAtFace is not null)
        {
            return await AnswerDeletedAsync(context, feature, owned);
        }

        if (!FinishedResults.IsFinal(owned.Status) || await FindFinishedAsync(owned, context.RequestAborted) is not { } json)
        {
            return false;
        }

        // No verdict is recorded here: it was recorded when the result was first seen final, and a cached copy
        // must not move when that was.
        if (LivenessSessionResult.TryRead(json) is not { } result)
        {
            return false; // never written so; Face answers instead
        }

        Audit(context, feature, result);

        await FaceSessionJson.WriteAsync(context.Response, StatusCodes.Status200OK, ClientView(json, result, owned), context.RequestAborted);
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

        await outcomes.KeepAsync(owned, json, session, Name, http.RequestAborted);
        Audit(http, feature, session);
        await FaceSessionJson.WriteAsync(http.Response, StatusCodes.Status200OK, ClientView(json, session, owned), http.RequestAborted);
    }

    /// <summary>What the owner's app is shown: Face's bytes, or the decision alone (<c>Sessions:ClientResultView</c>).</summary>
    private byte[] ClientView(byte[] json, LivenessSessionResult result, SessionRecord owned) =>
        policy.Value.ClientResultView == ClientResultView.Decision ? result.ToDecisionView(owned.SessionId, owned.Kind) : json;

    private void Audit(HttpContext context, LivenessRequestFeature feature, LivenessSessionResult result) =>
        audit.SessionResultRead(context, feature.User, feature.Session!, result.Status, result.Latest?.LivenessDecision, result.Latest?.VerifyResult?.IsIdentical);

    /// <summary>
    /// A session the gateway deleted at Face is answered from its stored result, never by Face (which no longer has
    /// it, and whose 404 would remove the record): 503 when the store cannot answer, 404 when nothing was stored.
    /// </summary>
    private async Task<bool> AnswerDeletedAsync(HttpContext context, LivenessRequestFeature feature, SessionRecord owned)
    {
        byte[]? json;
        try
        {
            json = await results.FindAsync(owned, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, Name, e);
            await GatewayProblem.WriteAsync(context, Problems.OwnershipStoreUnavailable.ToResult());
            return true;
        }

        Log.SessionDeletedAtFace(logger, Name, owned.SessionId);
        if (json is null || LivenessSessionResult.TryRead(json) is not { } result)
        {
            await GatewayProblem.WriteAsync(context, Problems.SessionNotFound.ToResult());
            return true;
        }

        Audit(context, feature, result);
        await FaceSessionJson.WriteAsync(context.Response, StatusCodes.Status200OK, ClientView(json, result, owned), context.RequestAborted);
        return true;
    }

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
}
