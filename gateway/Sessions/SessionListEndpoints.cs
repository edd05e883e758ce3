using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Security;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Sessions;

/// <summary>
/// <c>GET /api/liveness/sessions</c>: the caller's own sessions, from the store (Face is not called); and
/// <c>DELETE /api/liveness/sessions</c>: the caller's erasure of all of them, of both kinds (<see cref="SessionErasure"/>).
/// Both kinds share the one list, so the erasure has one route, beside it: <c>/api/liveness-with-verify/sessions</c>
/// answers neither.
/// </summary>
internal static class SessionListEndpoints
{
    /// <summary>Most sessions listed (newest first).</summary>
    public const int MaxListed = 100;

    public static WebApplication MapSessionList(this WebApplication app)
    {
        app.MapGet("/api/liveness/sessions", ListAsync)
            .RequireAuthorization(UserPolicies.LivenessUser)
            .RequireCors(FrontendCorsOptions.PolicyName)
            .WithName("ListOwnedSessions")
            .WithTags(ContractTags.Sessions)
            .WithSummary("Lists the caller's own sessions from the gateway's store, newest first (at most 100); Face is not called.")
            .ProducesGatewayProblems(Problems.OwnershipStoreUnavailable);

        _ = app.Services.GetRequiredService<SessionErasure>(); // the Face client (AddFace) and the audit trail (AddAuditTrail) must be there
        app.MapDelete("/api/liveness/sessions", (HttpContext context, SessionErasure erasure) => erasure.EraseAsync(context))
            .RequireAuthorization(UserPolicies.LivenessUser)
            .RequireRateLimiting(RateLimitPolicyNames.SessionReads)
            .RequireCors(FrontendCorsOptions.PolicyName)
            .WithName("EraseOwnedSessions")
            .WithTags(ContractTags.Sessions)
            .WithSummary("Erases all of the caller's sessions, of both kinds: each is deleted at Face, then its record, session images, finished result and the caller's verdicts are removed at the gateway. Answers once all is done; on a failure nothing not yet deleted at Face is forgotten, and repeating the call finishes the erasure.")
            .ProducesGatewayProblems(
                Problems.UpstreamBudget,
                Problems.UpstreamAuthenticationFailed,
                Problems.UpstreamUnavailable,
                Problems.UpstreamError,
                Problems.UpstreamTimeout,
                Problems.OwnershipStoreUnavailable,
                Problems.UpstreamCredentialUnavailable);
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<OwnedSession>>, ProblemHttpResult>> ListAsync(HttpContext context, ISessionStore store)
    {
        var user = context.LivenessUser()!;
        try
        {
            var records = await store.ListAsync(user.Key, MaxListed, context.RequestAborted);
            return TypedResults.Ok(records.Select(r => new OwnedSession(r.SessionId, r.Kind.ToName(), r.CreatedAt, r.Status)));
        }
        catch (SessionStoreUnavailableException)
        {
            return Problems.OwnershipStoreUnavailable.ToResult();
        }
    }
}
