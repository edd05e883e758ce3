using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Edge;

/// <summary>Marks endpoints as Face operations and answers Face paths no version serves.</summary>
internal static class FaceEndpointExtensions
{
    /// <summary>The GA API version's prefix (v1.2).</summary>
    public const string ApiVersionPrefix = "/face/v1.2";

    /// <summary>The preview API version's prefix (v1.3-preview.1: the v1.2 paths plus Face's abuse monitoring).</summary>
    public const string PreviewApiVersionPrefix = "/face/v1.3-preview.1";

    /// <summary>Every API version served, with its path prefix.</summary>
    public static IReadOnlyList<(FaceApiVersion Version, string Prefix)> ApiVersions { get; } =
    [
        (FaceApiVersion.V1_2, ApiVersionPrefix),
        (FaceApiVersion.V1_3Preview1, PreviewApiVersionPrefix),
    ];

    /// <summary>The version's name in paths, e.g. <c>v1.2</c>.</summary>
    public static string PathName(this FaceApiVersion version) => version == FaceApiVersion.V1_2 ? "v1.2" : "v1.3-preview.1";

    /// <summary>Marks the endpoint as <paramref name="operation"/>; the call log names it the same in every version (the path tells them apart).</summary>
    public static RouteHandlerBuilder AsFaceOperation(this RouteHandlerBuilder builder, string operation, FaceApiVersion version = FaceApiVersion.V1_2) =>
        builder.WithName(version == FaceApiVersion.V1_2 ? operation : $"{operation}@{version.PathName()}").WithMetadata(new FaceOperation(operation));

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
