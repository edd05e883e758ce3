namespace Liveness.Gateway.OpenApi;

/// <summary>
/// <c>OpenApi</c>: whether the gateway serves its OpenAPI document at <see cref="OpenApiExtensions.DocumentPath"/>
/// (anonymous, on the public port only). The document is also committed as docs/openapi.json, so a deployment
/// need not serve it. No validator: the one setting is a boolean, and the binder already refuses a value that is not one.
/// </summary>
internal sealed record GatewayOpenApiOptions
{
    public const string SectionName = "OpenApi";

    /// <summary>Serve the document. Default: on in Development, off in every other environment.</summary>
    public bool? Enabled { get; init; }
}
