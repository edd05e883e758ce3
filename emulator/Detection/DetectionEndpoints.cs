using System.Text.Json;
using Liveness.Emulator.Edge;
using Liveness.Emulator.Errors;
using Liveness.Emulator.Sessions;

namespace Liveness.Emulator.Detection;

/// <summary>
/// v1.2 <c>POST detect</c> with a JSON body <c>{"sessionImageId": "..."}</c> (<c>DetectFromSessionImageId</c>): the
/// faces in a session image the emulator stored (<see cref="DetectedFaces"/>), Face's 400 for a query Face refuses
/// and 404 <c>SessionNotFound</c> (as for the image download) for an image it does not have (never stored, or its
/// session deleted). The call log records the query as received.
/// </summary>
internal static class DetectionEndpoints
{
    public static IEndpointRouteBuilder MapDetection(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(FaceEndpointExtensions.ApiVersionPrefix)
            .MapPost("/detect", DetectAsync)
            .AsFaceOperation(FaceOperation.DetectFromSessionImageId);
        return endpoints;
    }

    private static async Task<IResult> DetectAsync(HttpRequest request, SessionStore store)
    {
        DetectFromSessionImageContent? content;
        try
        {
            content = await JsonSerializer.DeserializeAsync<DetectFromSessionImageContent>(request.Body, FaceJson.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return FaceErrors.JsonParsingError();
        }

        if (content?.SessionImageId is not { Length: > 0 } imageId)
        {
            return FaceErrors.InvalidRequestBody();
        }

        var (query, error) = DetectionQuery.Read(request.Query);
        if (error is not null)
        {
            return error;
        }

        return store.FindImage(imageId) is null
            ? FaceErrors.SessionNotFound()
            : TypedResults.Json(DetectedFaces.For(imageId, query!), FaceJson.Options, FaceJson.ContentType);
    }
}
