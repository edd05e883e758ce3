using Liveness.Gateway.Errors;
using Liveness.Gateway.Proxy;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// The gateway's OpenAPI 3.1 contract, built by Microsoft.AspNetCore.OpenApi from the types that serve the routes:
/// the minimal API endpoints as the API explorer sees them, the proxied routes from the route table and their
/// <see cref="Proxy.FaceOperation"/>s. Served at <see cref="DocumentPath"/> when <c>OpenApi:Enabled</c> (default:
/// Development only); committed as docs/openapi.json.
/// </summary>
internal static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddGatewayOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOpenApiOptions>().BindConfiguration(GatewayOpenApiOptions.SectionName).ValidateOnStart();
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer<ProxyRoutesDocumentTransformer>();
            options.AddOperationTransformer<GatewayOperationTransformer>();
        });
        return builder;
    }

    /// <summary>Maps <see cref="DocumentPath"/> when the document is enabled; anonymous, no rate limit, cacheable by nobody.</summary>
    public static WebApplication MapGatewayOpenApi(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<IOptions<GatewayOpenApiOptions>>().Value.Enabled ?? app.Environment.IsDevelopment();
        if (enabled)
        {
            app.MapOpenApi(DocumentPath.Replace(DocumentName, "{documentName}", StringComparison.Ordinal))
                .AllowAnonymous()
                .DisableRateLimiting()
                .ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// Names the request body a minimal API endpoint's handler reads itself, for the document only (unlike
    /// <c>Accepts</c>, whose metadata makes routing refuse other content types before the handler runs).
    /// </summary>
    public static TBuilder DescribesRequestBody<TBuilder>(this TBuilder builder, string mediaType, string schema)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ContractContent(mediaType, schema));

    /// <summary>Names the problems a minimal API endpoint's handler answers, for the document.</summary>
    public static TBuilder ProducesGatewayProblems<TBuilder>(this TBuilder builder, params Problem[] problems)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ContractProblems(problems));
}
