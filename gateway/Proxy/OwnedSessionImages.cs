using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The ownership rule the session-image routes (download, detect) share: an image the caller may use only once it
/// was seen in a result of one of the caller's sessions, and that session is still recorded; a malformed id is 400,
/// any other image (another user's, unknown) the same 404, and the image of a session the gateway deleted at Face
/// (the deletion sweeper) 410 <c>SessionImageDeleted</c>, all without a Face call.
/// </summary>
internal sealed class OwnedSessionImages(ISessionStore store, ILogger<FaceOperation> logger)
{
    /// <summary>The image id the route names, once <see cref="AuthorizeAsync"/> accepted it.</summary>
    public static string ImageIdOf(HttpContext context) =>
        context.GetRouteValue(LivenessRoute.SessionImageIdRouteValue) as string ?? "-";

    /// <summary>Finds the session of the image the route names among the caller's, into <see cref="LivenessRequestFeature.Session"/>; the refusal otherwise.</summary>
    public async Task<ProblemHttpResult?> AuthorizeAsync(HttpContext context, LivenessRequestFeature feature)
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
}
