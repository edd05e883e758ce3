using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The transforms every Face route gets, whatever its configuration says: an allow-list of headers in
/// both directions (the caller's <c>Authorization</c>, cookies, <c>Ocp-Apim-*</c> and everything else
/// stay behind; Face's billing and infrastructure headers do not reach clients), no query string,
/// no <c>X-Forwarded-*</c>, and the gateway-built create body. The gateway's own Face credential is
/// added below the transforms, on every attempt, by the Face HTTP pipeline
/// (<see cref="Face.FaceHttpPipeline"/>).
/// </summary>
internal sealed class LivenessTransformProvider(FaceResponseHandler responses, FaceOperations operations) : ITransformProvider
{
    /// <summary>Face's request id, passed on to clients as a correlation header.</summary>
    public const string FaceRequestIdHeader = "apim-request-id";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!LivenessRoute.TryRead(context.Route, out _, out var error) && error is not null)
        {
            context.Errors.Add(new InvalidOperationException(error));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    /// <summary>Builds a Face route's transforms once per route configuration, from the operation parsed here.</summary>
    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!LivenessRoute.TryRead(context.Route, out var route, out _) || route is null)
        {
            return;
        }

        context.CopyRequestHeaders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.UseDefaultForwarders = false;
        var accept = operations.For(route).Accept;
        context.AddRequestTransform(proxied => PrepareFaceRequestAsync(proxied, accept));
        context.AddResponseTransform(responses.HandleAsync);
    }

    private static ValueTask PrepareFaceRequestAsync(RequestTransformContext context, MediaTypeWithQualityHeaderValue accept)
    {
        var feature = context.HttpContext.Features.GetRequiredFeature<LivenessRequestFeature>();
        var request = context.ProxyRequest;
        context.Query.Collection.Clear();
        if (request.Content is not null && feature.CreateContent is { } built)
        {
            // Request headers are not copied: describe the gateway-built body (see SessionPolicyMiddleware).
            request.Content.Headers.ContentType = built.Headers.ContentType;
            request.Content.Headers.ContentLength = context.HttpContext.Request.ContentLength;
        }

        request.Headers.Accept.Add(accept);
        if (Activity.Current is { } activity)
        {
            request.Headers.TryAddWithoutValidation("x-ms-client-request-id", activity.TraceId.ToString());
        }

        return ValueTask.CompletedTask;
    }
}
