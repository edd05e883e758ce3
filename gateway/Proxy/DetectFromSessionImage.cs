using System.Text;
using System.Text.Json.Nodes;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Gateway.OpenApi;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>POST /api/liveness/session-images/{sessionImageId}/detect</c>: Face's detection on a session image the caller
/// owns, under the image route's rule (<see cref="OwnedSessionImages"/>: another user's or an unknown image is 404,
/// a malformed id 400, without a Face call). Face gets <c>POST detect</c> with the body
/// <c>{"sessionImageId": "..."}</c> built here and the query of <c>Face:DetectFromSessionImage</c>
/// (<see cref="DetectFromSessionImageOptions"/>); the client's query string and body are not forwarded. The client
/// gets Face's face list as Face sent it.
/// </summary>
internal sealed class DetectFromSessionImage(OwnedSessionImages images, IOptions<DetectFromSessionImageOptions> options, AuditTrail audit) : FaceOperation
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _query = options.Value.FaceQuery();

    public override string Name => "DetectFromSessionImage";

    /// <summary>An image id names no session kind: the image is found among the caller's sessions of either.</summary>
    public override bool TakesSessionKind => false;

    public override IReadOnlyList<KeyValuePair<string, string>> FaceQuery => _query;

    public override FaceOperationContract Describe(SessionKind kind) =>
        new("Detects the faces in a session image seen in a result of one of the caller's sessions, with the detection the gateway's Face:DetectFromSessionImage settings fix (the request's query string and body are ignored).",
            StatusCodes.Status200OK,
            "Face's detected faces, as Face sent them (largest first; empty when none). Which fields each face has depends on the gateway's settings.")
        {
            Answer = new ContractContent("application/json", ContractSchemas.DetectedFaces),
            Problems = [Problems.InvalidSessionImageId, Problems.SessionImageNotFound, Problems.SessionImageDeleted, Problems.OwnershipStoreUnavailable],
        };

    public override async Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (await images.AuthorizeAsync(context, feature) is { } refusal)
        {
            return refusal;
        }

        var body = new JsonObject { ["sessionImageId"] = OwnedSessionImages.ImageIdOf(context) }.ToJsonString();
        feature.CreateContent = new StringContent(body, Encoding.UTF8, "application/json");
        return null;
    }

    public override Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        var http = context.HttpContext;
        var content = response.Content.Headers;
        http.Response.ContentType = content.ContentType?.ToString() ?? "application/json; charset=utf-8";
        if (content.ContentLength is { } length)
        {
            http.Response.ContentLength = length;
        }

        audit.SessionImageDetected(http, feature.User, OwnedSessionImages.ImageIdOf(http), feature.Session!);
        return Task.CompletedTask;
    }
}
