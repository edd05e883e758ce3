using System.Text.Json.Nodes;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>GET .../sessions/{sessionId}</c>: an owned session's result. Face's answer keeps the store's status
/// and session-image list current, and a final result is kept in the finished-result cache.
/// </summary>
internal sealed class ReadSession(OwnedSessions sessions, ISessionStore store, IFinishedResultCache results, ILogger<FaceOperation> logger) : FaceOperation
{
    public override Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        sessions.AuthorizeAsync(context, feature);

    public override async Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        context.SuppressResponseBody = true;
        var http = context.HttpContext;
        var owned = feature.Session!;
        var session = await FaceSessionJson.ReadSessionAsync(response, http.RequestAborted);
        var sessionId = FaceSessionJson.Text(session?["sessionId"]);
        if (session is null || !string.Equals(sessionId, owned.SessionId, StringComparison.OrdinalIgnoreCase))
        {
            Log.UnexpectedFaceResponse(logger, LivenessOperation.Read, "the result is not the requested session's");
            await GatewayProblem.WriteAsync(http, FaceSessionJson.UpstreamFailed());
            return;
        }

        var json = FaceSessionJson.ToUtf8Json(session);
        if (FinishedResults.IsFinal(FaceSessionJson.Text(session["status"])))
        {
            // Kept before the record's status turns final, which is what sends later reads to the cache.
            await sessions.TryStoreAsync(() => results.StoreAsync(owned, json, http.RequestAborted), feature, owned.SessionId);
        }

        if (FaceSessionJson.Text(session["status"]) is { } status && status != owned.Status)
        {
            await sessions.TryStoreAsync(() => store.UpdateStatusAsync(owned, status, http.RequestAborted), feature, owned.SessionId);
        }

        var imageIds = SessionImageIds(session);
        if (imageIds.Count > 0)
        {
            await sessions.TryStoreAsync(() => store.RecordImagesAsync(owned, imageIds, http.RequestAborted), feature, owned.SessionId);
        }

        http.RequestServices.GetRequiredService<AuditTrail>().SessionResultRead(http, feature.User, owned, session);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(json, http.RequestAborted);
    }

    private static List<string> SessionImageIds(JsonObject session)
    {
        var ids = new List<string>();
        if (session["results"]?["attempts"] is JsonArray attempts)
        {
            foreach (var attempt in attempts)
            {
                if (FaceSessionJson.Text(attempt?["result"]?["sessionImageId"]) is { } id && SessionIdentifiers.IsValidSessionImageId(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }
}
