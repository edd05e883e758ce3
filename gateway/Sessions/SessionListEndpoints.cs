using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.Security;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Sessions;

/// <summary><c>GET /api/liveness/sessions</c>: the caller's own sessions, from the store. Face is not called.</summary>
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
