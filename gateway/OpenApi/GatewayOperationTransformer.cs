using Liveness.Gateway.Proxy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// Completes the operations of the minimal API endpoints (the session list, the assertion endpoints, the JWKS) from
/// their metadata: the problems their handler answers (<see cref="ContractProblems"/>), those of the authorization and
/// rate limit they require, and the bearer security requirement. The proxied routes are described by
/// <see cref="ProxyRoutesDocumentTransformer"/>.
/// </summary>
internal sealed class GatewayOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policy = anonymous ? null : metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? string.Empty).FirstOrDefault();
        var rateLimit = metadata.OfType<DisableRateLimitingAttribute>().Any() ? null : metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault()?.PolicyName;
        var gated = context.ApplicationServices.GetService<StepUp.LivenessPolicyNames>();
        var access = policy is null
            ? new RouteAccess(RequiresUser: false, Gated: false, rateLimit)
            : new RouteAccess(RequiresUser: true, Gated: policy.Length > 0 && (gated?.Contains(policy) ?? false), rateLimit);

        var document = context.Document!;
        if (access.RequiresUser)
        {
            operation.Security = [ProxyRoutesDocumentTransformer.BearerRequirement(document)];
        }

        if (metadata.OfType<ContractContent>().LastOrDefault() is { } body)
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

        var handler = metadata.OfType<ContractProblems>().LastOrDefault()?.Problems ?? [];
        ProblemResponses.Add(operation, document, [.. access.Problems(), .. handler], passesFaceRefusals: false);
        return Task.CompletedTask;
    }
}
