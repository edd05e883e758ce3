using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What a YARP route performs at Face: the <see cref="FaceOperation.Name"/> and the session kind its route metadata
/// names (<c>Liveness.Operation</c>, <c>Liveness.SessionKind</c>). <see cref="FaceOperations.TryRead"/> parses that
/// only while the proxy configuration is loaded, and <see cref="LivenessProxyExtensions.MapLivenessProxy"/> attaches
/// the result to the route's endpoint. At request time it is read with <see cref="Of"/>: routes are never recognised
/// by comparing paths, and no request parses strings to learn its operation.
/// </summary>
internal sealed record LivenessRoute(string Operation, SessionKind Kind)
{
    public const string OperationKey = "Liveness.Operation";
    public const string SessionKindKey = "Liveness.SessionKind";

    /// <summary>Route value names the routes use.</summary>
    public const string SessionIdRouteValue = "sessionId";
    public const string SessionImageIdRouteValue = "sessionImageId";

    /// <summary>The operation of the endpoint <paramref name="context"/> was routed to; null when it is not a Face route.</summary>
    public static LivenessRoute? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<LivenessRoute>();
    }
}
