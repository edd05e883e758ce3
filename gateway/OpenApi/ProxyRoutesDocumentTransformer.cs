using System.Globalization;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.StepUp;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Yarp.ReverseProxy.Model;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// Adds the YARP routes to the document, which ASP.NET Core's API explorer does not see (YARP will not describe
/// proxied routes itself). Each route comes from the endpoints built from the route table (<c>ReverseProxy:Routes</c>),
/// so a route added there is in the document; a Face route is described by the <see cref="FaceOperation"/> that
/// performs it (<see cref="FaceOperation.Describe"/>), any other route (an app's, maybe liveness-gated) by its
/// policies. Also adds what every operation references: the schemas, the bearer scheme.
/// </summary>
internal sealed class ProxyRoutesDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    private static readonly string[] AnyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);

        // Where the gateway is reached depends on the deployment; paths and Location are relative to it.
        document.Servers = [];
        document.Info.Title = "Liveness Gateway";
        document.Info.Description = "The routes web and mobile apps call: Face liveness sessions owned by the signed-in user, their results and images, and signed liveness assertions. Every error is application/problem+json with a traceId and, where listed, a code.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The end user's access token from the app's OpenID Connect provider (its issuer and audience are the gateway's Authentication settings).",
        };
        ContractSchemas.AddTo(document);

        var services = context.ApplicationServices;
        var gated = services.GetService<LivenessPolicyNames>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints;
        document.Paths ??= [];
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<RouteModel>() is not { } route)
            {
                continue;
            }

            var path = OpenApiPath(endpoint.RoutePattern);
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }

            var pathItem = (OpenApiPathItem)item;
            pathItem.Operations ??= [];
            var access = RouteAccess.OfRoute(route.Config.AuthorizationPolicy, route.Config.RateLimiterPolicy, name => gated?.Contains(name) ?? false);
            foreach (var method in route.Config.Match.Methods ?? AnyMethod)
            {
                pathItem.Operations[new HttpMethod(method.ToUpperInvariant())] = Describe(document, endpoint, route, access);
            }
        }

        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(ContractTags.All.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        // Minimal API endpoints and proxied routes are listed in one order: by path.
        var sorted = document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        document.Paths.Clear();
        foreach (var (path, item) in sorted)
        {
            document.Paths[path] = item;
        }

        return Task.CompletedTask;
    }

    /// <summary>The security requirement of a route that requires the bearer token.</summary>
    public static OpenApiSecurityRequirement BearerRequirement(OpenApiDocument document) => new()
    {
        [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
    };

    private static OpenApiOperation Describe(OpenApiDocument document, RouteEndpoint endpoint, RouteModel route, RouteAccess access)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.Config.RouteId,
            Parameters = [.. endpoint.RoutePattern.Parameters.Select(PathParameter)],
            Responses = [],
        };
        if (access.RequiresUser)
        {
            operation.Security = [BearerRequirement(document)];
        }

        var face = endpoint.Metadata.GetMetadata<FaceOperation>();
        var kind = endpoint.Metadata.GetMetadata<LivenessRoute>()?.Kind ?? SessionKind.Liveness;
        if (face is null)
        {
            operation.Summary = access.Gated
                ? $"Proxied to the app behind cluster '{route.Config.ClusterId}' once the user has a recent liveness pass (sent on as Liveness-Assertion)."
                : $"Proxied to the app behind cluster '{route.Config.ClusterId}'.";
            operation.Tags = new HashSet<OpenApiTagReference> { new(ContractTags.Apps, document) };
            operation.Responses["default"] = new OpenApiResponse { Description = "The app's own answer." };
            ProblemResponses.Add(operation, document, access.Problems(), passesFaceRefusals: false);
            return operation;
        }

        var contract = face.Describe(kind);
        operation.Summary = contract.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(face.TakesSessionKind ? kind.ToName() : ContractTags.SessionImages, document) };
        if (contract.RequestBody is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [body.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(body.Schema, document) },
                },
            };
        }

        var answer = new OpenApiResponse { Description = contract.SuccessDescription };
        if (contract.Answer is { } content)
        {
            answer.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [content.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(content.Schema, document) },
            };
        }

        if (contract.AnswerHeaders.Count > 0)
        {
            answer.Headers = contract.AnswerHeaders.ToDictionary(
                h => h.Key,
                h => (IOpenApiHeader)new OpenApiHeader { Description = h.Value, Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                StringComparer.Ordinal);
        }

        answer.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        answer.Headers["apim-request-id"] = new OpenApiHeader
        {
            Description = "Face's request id, passed on (quote it to Azure support).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        operation.Responses[contract.SuccessStatus.ToString(CultureInfo.InvariantCulture)] = answer;
        ProblemResponses.Add(operation, document, [.. access.Problems(), .. contract.Problems, .. FaceOperationContract.FaceCallProblems], passesFaceRefusals: true);
        return operation;
    }

    private static IOpenApiParameter PathParameter(RoutePatternParameterPart parameter) => new OpenApiParameter
    {
        Name = parameter.Name,
        In = ParameterLocation.Path,
        Required = true,
        Description = parameter.Name switch
        {
            LivenessRoute.SessionIdRouteValue => "Face's session id, a GUID.",
            LivenessRoute.SessionImageIdRouteValue => "A session image id from a result of one of the caller's sessions (16 to 128 base64url characters).",
            _ => null,
        },
        Schema = parameter.Name == LivenessRoute.SessionIdRouteValue
            ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
            : new OpenApiSchema { Type = JsonSchemaType.String },
    };

    /// <summary>The route's path as OpenAPI writes it: <c>{**rest}</c> becomes <c>{rest}</c>, constraints go.</summary>
    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
}
