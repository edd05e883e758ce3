using Liveness.Gateway.OpenApi;
using System.Net.Http.Headers;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>GET /api/liveness/session-images/{sessionImageId}</c>: an image the caller may download only once it
/// was seen in a result of one of the caller's sessions; any other is the same 404, and the image of a session the
/// gateway deleted at Face is 410 <c>SessionImageDeleted</c> (<see cref="OwnedSessionImages"/>).
/// </summary>
internal sealed class ReadSessionImage(OwnedSessionImages images) : FaceOperation
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

    public override Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        images.AuthorizeAsync(context, feature);

    public override Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        var http = context.HttpContext;
        PassImageHeaders(response, http.Response);
        http.RequestServices.GetRequiredService<AuditTrail>().SessionImageRead(http, feature.User, OwnedSessionImages.ImageIdOf(http), feature.Session!);
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
