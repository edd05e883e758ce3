using Liveness.Gateway.OpenApi;
using System.Net.Http.Headers;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>GET /api/liveness/session-images/{sessionImageId}</c>: an image the caller may download only once it
/// was seen in a result of one of the caller's sessions; any other is the same 404. The image of a session the
/// gateway deleted at Face (the deletion sweeper) is 410 <c>SessionImageDeleted</c>, without a Face call.
/// </summary>
internal sealed class ReadSessionImage(ISessionStore store, ILogger<FaceOperation> logger) : FaceOperation
{
    private static readonly MediaTypeWithQualityHeaderValue OctetStream = new("application/octet-stream");

    public override string Name => "ReadImage";

    /// <summary>An image id names no session kind: the image is found among the caller's sessions of either.</summary>
    public override bool TakesSessionKind => false;

    public override MediaTypeWithQualityHeaderValue Accept => OctetStream;

    public override FaceOperationContract Describe(SessionKind kind) =>
        new("Downloads a session image seen in a result of one of the caller's sessions. Once the gateway has deleted the session at Face (Sessions:DeleteAtFace), the image is gone: 410 SessionImageDeleted.", StatusCodes.Status200OK, "The image bytes, as Face sent them (a JPEG).")
        {
            Answer = new ContractContent("application/octet-stream", ContractSchemas.SessionImage),
            Problems = [Problems.InvalidSessionImageId, Problems.SessionImageNotFound, Problems.SessionImageDeleted, Problems.OwnershipStoreUnavailable],
        };

    public override async Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        var imageId = context.GetRouteValue(LivenessRoute.SessionImageIdRouteValue) as string;
        if (!SessionIdentifiers.IsValidSessionImageId(imageId))
        {
            audit.AccessDenied(context, AccessDenialReason.Malformed, imageId, StatusCodes.Status400BadRequest);
            return Problems.InvalidSessionImageId.ToResult();
        }

        SessionRecord? session = null;
        try
        {
            var image = await store.FindImageAsync(imageId!, feature.User.Key, context.RequestAborted);
            if (image is not null && image.OwnerKey == feature.User.Key)
            {
                session = await store.FindAsync(image.SessionId, feature.User.Key, context.RequestAborted);
            }
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, feature.Route.Operation, e);
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        if (session is null || session.OwnerKey != feature.User.Key)
        {
            Log.OwnershipDenied(logger, imageId!, "session image not seen in a result of the caller's sessions");
            audit.AccessDenied(context, AccessDenialReason.ImageNotOwned, imageId, StatusCodes.Status404NotFound);
            return Problems.SessionImageNotFound.ToResult();
        }

        if (session.DeletedAtFace is not null)
        {
            Log.SessionDeletedAtFace(logger, feature.Route.Operation, session.SessionId);
            return Problems.SessionImageDeleted.ToResult();
        }

        feature.Session = session;
        return null;
    }

    public override Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        var http = context.HttpContext;
        PassImageHeaders(response, http.Response);
        http.RequestServices.GetRequiredService<AuditTrail>().SessionImageRead(http, feature.User, http.GetRouteValue(LivenessRoute.SessionImageIdRouteValue) as string ?? "-", feature.Session!);
        return Task.CompletedTask;
    }

    private static void PassImageHeaders(HttpResponseMessage response, HttpResponse client)
    {
        var content = response.Content.Headers;
        client.ContentType = content.ContentType?.ToString() ?? "application/octet-stream";
        if (content.ContentLength is { } length)
        {
            client.ContentLength = length;
        }

        if (content.ContentDisposition is { } disposition)
        {
            client.Headers.ContentDisposition = disposition.ToString();
        }
    }
}
