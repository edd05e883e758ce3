using System.Text.Json.Nodes;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Proxy;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Results;

/// <summary>
/// Runs in YARP's proxy pipeline right after <see cref="SessionPolicyMiddleware"/> (so ownership is already
/// established): a read of a session whose last known status is final is answered from the
/// <see cref="IFinishedResultCache"/>, byte for byte what the owner was answered when Face reported it,
/// without a Face call and without spending the Face budget. A miss, or a cache that cannot answer, goes
/// to Face as usual (and <see cref="FaceResponseHandler"/> fills the cache).
/// </summary>
internal sealed class FinishedResultMiddleware(RequestDelegate next, IFinishedResultCache results)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<LivenessRequestFeature>() is { Route.Operation: LivenessOperation.Read, Session: { } session } feature
            && FinishedResults.IsFinal(session.Status)
            && await FindAsync(session, context.RequestAborted) is { } json)
        {
            if (JsonNode.Parse(json) is JsonObject result)
            {
                context.RequestServices.GetRequiredService<AuditTrail>().SessionResultRead(context, feature.User, session, result);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json, context.RequestAborted);
            return;
        }

        await next(context);
    }

    private async Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken)
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
