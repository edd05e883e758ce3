using System.Net;
using System.Text.Json;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Security;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;

namespace Liveness.Gateway.Assertions;

/// <summary>
/// <c>POST /api/liveness/sessions/{sessionId}/assertion</c> (and <c>.../liveness-with-verify/...</c>): the owner asks for
/// a signed assertion of a session's pass, for one of the apps named in <c>Liveness:Assertions:Audiences</c>, and hands
/// it to that app's backend. The verdict is the one the gateway recorded from Face's answer; when it has not seen the
/// final result yet it asks Face once (within the Face budget) and keeps what Face said, as an owner's read does. A
/// session that is another user's, of the other kind or unknown is 404; one not finished, or finished without a pass,
/// is 409. Nothing the client sends but the audience is used.
/// </summary>
internal sealed class SessionAssertions(
    ISessionStore store,
    IVerdictStore verdicts,
    SessionOutcomes outcomes,
    FaceSessionClient face,
    LivenessAssertionIssuer issuer,
    RateLimitRejection rejection,
    AuditTrail audit,
    ILogger<SessionAssertions> logger)
{
    /// <summary>The operation's name in logs.</summary>
    public const string OperationName = "Assertion";

    /// <summary>The largest request body read: <c>{"audience": "..."}</c>.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    public static WebApplication MapSessionAssertions(WebApplication app)
    {
        Map(app, "/api/liveness/sessions/{sessionId}/assertion", SessionKind.Liveness);
        Map(app, "/api/liveness-with-verify/sessions/{sessionId}/assertion", SessionKind.LivenessWithVerify);
        return app;
    }

    private static void Map(WebApplication app, string pattern, SessionKind kind) =>
        app.MapPost(pattern, (HttpContext context, string sessionId, SessionAssertions assertions) => assertions.IssueAsync(context, sessionId, kind))
            .RequireAuthorization(UserPolicies.LivenessUser)
            .RequireRateLimiting(RateLimitPolicyNames.SessionReads)
            .RequireCors(FrontendCorsOptions.PolicyName)
            .WithName($"Issue{kind}Assertion")
            .WithTags(ContractTags.Assertions)
            .WithSummary($"Signs an assertion of the pass of one of the caller's {kind.ToName()} sessions, for one app's backend.")
            .DescribesRequestBody("application/json", ContractSchemas.AssertionRequest) // not Accepts<T>: routing would answer other content types 415 itself
            .Produces<AssertionAnswer>()
            .ProducesGatewayProblems(
                Problems.InvalidSessionId,
                Problems.InvalidAudience,
                Problems.SessionNotFound,
                Problems.LivenessNotFinished,
                Problems.LivenessNotPassed,
                Problems.UpstreamBudget,
                Problems.UpstreamUnavailable,
                Problems.UpstreamError,
                Problems.OwnershipStoreUnavailable,
                Problems.VerdictStoreUnavailable);

    public async Task<IResult> IssueAsync(HttpContext context, string sessionId, SessionKind kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.LivenessUser()!;
        if (!SessionIdentifiers.IsValidSessionId(sessionId))
        {
            audit.AccessDenied(context, AccessDenialReason.Malformed, sessionId, StatusCodes.Status400BadRequest);
            return Problems.InvalidSessionId.ToResult();
        }

        sessionId = SessionIdentifiers.Normalize(sessionId);
        var audience = await ReadAudienceAsync(context.Request);
        if (audience is null || !issuer.AllowsAudience(audience))
        {
            return Problems.InvalidAudience.ToResult();
        }

        SessionRecord? owned;
        LivenessVerdict? verdict;
        try
        {
            owned = await store.FindAsync(sessionId, user.Key, context.RequestAborted);
            if (owned is null || owned.OwnerKey != user.Key || owned.Kind != kind)
            {
                var reason = owned is null ? AccessDenialReason.UnknownSession : owned.OwnerKey != user.Key ? AccessDenialReason.NotOwner : AccessDenialReason.WrongKind;
                audit.AccessDenied(context, reason, sessionId, StatusCodes.Status404NotFound);
                return Problems.SessionNotFound.ToResult();
            }

            verdict = await verdicts.FindAsync(user.Key, sessionId, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, e);
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        if (verdict is null && owned.DeletedAtFace is not null)
        {
            return Problems.LivenessNotFinished.ToResult(); // deleted at Face before a final result was kept: nothing to ask Face
        }

        if (verdict is null)
        {
            var (answer, problem) = await AskFaceAsync(context, owned);
            if (problem is not null)
            {
                return problem;
            }

            verdict = answer;
        }

        if (!verdict!.IsPass)
        {
            return Problems.LivenessNotPassed.ToResult();
        }

        var assertion = issuer.Issue(user, verdict, audience);
        audit.AssertionIssued(context, user, owned, audience);
        return TypedResults.Ok(new AssertionAnswer(assertion.Token, assertion.ExpiresAt));
    }

    /// <summary>The session's verdict from Face's answer (kept as an owner's read keeps it), or the answer to give instead.</summary>
    private async Task<(LivenessVerdict? Verdict, IResult? Problem)> AskFaceAsync(HttpContext context, SessionRecord owned)
    {
        (HttpStatusCode Status, byte[]? Json) answer;
        try
        {
            answer = await face.GetSessionAsync(owned.Kind, owned.SessionId, context.RequestAborted);
        }
        catch (UpstreamBudgetExceededException refused)
        {
            return (null, rejection.Refuse(context, GatewayLimit.UpstreamBudget, refused.RetryAfter));
        }
        catch (HttpRequestException e)
        {
            Log.FaceUnreachable(logger, e);
            return (null, Problems.UpstreamUnavailable.ToResult());
        }

        if (answer.Status == HttpStatusCode.NotFound)
        {
            return (null, Problems.SessionNotFound.ToResult());
        }

        var result = answer.Json is { } json ? LivenessSessionResult.TryRead(json) : null;
        if (result is null || !string.Equals(result.SessionId, owned.SessionId, StringComparison.OrdinalIgnoreCase))
        {
            Log.UnusableFaceAnswer(logger, (int)answer.Status);
            return (null, FaceSessionJson.UpstreamFailed());
        }

        await outcomes.KeepAsync(owned, answer.Json!, result, OperationName, context.RequestAborted);
        if (!Policies.Results.FinishedResults.IsFinal(result.Status))
        {
            return (null, Problems.LivenessNotFinished.ToResult());
        }

        try
        {
            // As first recorded: when the gateway first saw the result final (kept by SessionOutcomes just now, or before).
            return await verdicts.FindAsync(owned.OwnerKey, owned.SessionId, context.RequestAborted) is { } recorded
                ? (recorded, null)
                : (null, Problems.VerdictStoreUnavailable.ToResult());
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, e);
            return (null, Problems.VerdictStoreUnavailable.ToResult());
        }
    }

    /// <summary>The <c>audience</c> of a body <c>{"audience": "..."}</c>, or null when the body is not that (or too large).</summary>
    private static async Task<string?> ReadAudienceAsync(HttpRequest request)
    {
        using var document = await SmallJsonBody.ReadObjectAsync(request, MaxBodyBytes);
        return document is not null
            && document.RootElement.TryGetProperty("audience", out var audience)
            && audience.ValueKind == JsonValueKind.String
            ? audience.GetString()
            : null;
    }

    /// <summary>The answer: the assertion and when it expires.</summary>
    internal sealed record AssertionAnswer(string Assertion, DateTimeOffset ExpiresAt);
}
