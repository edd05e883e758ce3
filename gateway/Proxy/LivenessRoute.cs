using Liveness.Policies.Sessions;
using Yarp.ReverseProxy.Configuration;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The operation a YARP route performs at Face. Configuration names it in the route's string metadata
/// (<c>Liveness.Operation</c>, <c>Liveness.SessionKind</c>); <see cref="TryRead"/> parses that only while
/// the proxy configuration is loaded, and <see cref="LivenessProxyExtensions.MapLivenessProxy"/> attaches
/// the result to the route's endpoint. At request time it is read with <see cref="Of"/>: routes are never
/// recognised by comparing paths, and no request parses strings to learn its operation.
/// </summary>
internal sealed record LivenessRoute(LivenessOperation Operation, SessionKind Kind)
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

    /// <summary>
    /// Parses the metadata of <paramref name="route"/> (configuration time only); false when the route
    /// carries none, or an invalid one (with <paramref name="error"/>).
    /// </summary>
    public static bool TryRead(RouteConfig route, out LivenessRoute? policy, out string? error)
    {
        ArgumentNullException.ThrowIfNull(route);
        policy = null;
        error = null;
        if (route.Metadata is null || !route.Metadata.TryGetValue(OperationKey, out var operationName))
        {
            return false;
        }

        if (!Enum.TryParse<LivenessOperation>(operationName, ignoreCase: false, out var operation) || !Enum.IsDefined(operation))
        {
            error = $"Route '{route.RouteId}': metadata {OperationKey} '{operationName}' is not one of {string.Join(", ", Enum.GetNames<LivenessOperation>())}.";
            return false;
        }

        var kind = SessionKind.Liveness;
        if (operation != LivenessOperation.ReadImage
            && (!route.Metadata.TryGetValue(SessionKindKey, out var kindName) || !SessionKindNames.TryParse(kindName, out kind)))
        {
            error = $"Route '{route.RouteId}': metadata {SessionKindKey} must be '{SessionKindNames.Liveness}' or '{SessionKindNames.LivenessWithVerify}'.";
            return false;
        }

        policy = new LivenessRoute(operation, kind);
        return true;
    }
}
