using Liveness.Gateway.Assertions;
using Liveness.Gateway.Authentication;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Liveness.Gateway.StepUp;

/// <summary>
/// On every route: a <c>Liveness-Assertion</c> header sent by the client is removed and never forwarded (only the
/// gateway says who passed). On a route gated by a liveness policy, the request that
/// <see cref="RecentLivenessPassHandler"/> let through carries the gateway's own signed assertion of the pass.
/// </summary>
internal sealed class LivenessAssertionTransformProvider(LivenessPolicyNames policies, IOptionsMonitor<LivenessPolicyOptions> options, LivenessAssertionIssuer issuer) : ITransformProvider
{
    public const string HeaderName = "Liveness-Assertion";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddRequestHeaderRemove(HeaderName);
        if (context.Route.AuthorizationPolicy is { } policy && policies.Contains(policy))
        {
            var audience = options.Get(policy).Audience ?? context.Route.ClusterId ?? policy;
            context.AddRequestTransform(request => AddAssertionAsync(request, audience));
        }
    }

    /// <summary>The assertion of the pass the request was let through on, for the policy's audience.</summary>
    private ValueTask AddAssertionAsync(RequestTransformContext context, string audience)
    {
        var http = context.HttpContext;
        if (http.Features.Get<LivenessPass>() is not { } pass || http.LivenessUser() is not { } user)
        {
            // Authorization lets no request of a gated route through without a pass: this is a wiring fault, not a client's.
            throw new InvalidOperationException("A liveness-gated route was forwarded without a pass.");
        }

        var assertion = issuer.Issue(user, pass.Verdict, audience);
        context.ProxyRequest.Headers.Remove(HeaderName);
        context.ProxyRequest.Headers.TryAddWithoutValidation(HeaderName, assertion.Token);
        return ValueTask.CompletedTask;
    }
}
