using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Edge;

/// <summary>Marks endpoints as Face operations and answers Face paths no version serves.</summary>
internal static class FaceEndpointExtensions
{
    /// <summary>The API version this emulator serves (v1.2 GA).</summary>
    public const string ApiVersionPrefix = "/face/v1.2";

    public static RouteHandlerBuilder AsFaceOperation(this RouteHandlerBuilder builder, string operation) =>
        builder.WithName(operation).WithMetadata(new FaceOperation(operation));

    /// <summary>Unknown API versions and paths under <c>/face</c>: 404 with the Azure envelope.</summary>
    public static IEndpointRouteBuilder MapFaceNotFound(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback("/face/{**path}", static () => FaceErrors.ResourceNotFound())
            .WithMetadata(new FaceOperation(FaceOperation.Unknown));
        return endpoints;
    }

    public static FaceOperation? GetFaceOperation(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<FaceOperation>();
}
