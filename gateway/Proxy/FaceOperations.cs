using Liveness.Policies.Sessions;
using Yarp.ReverseProxy.Configuration;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The registered <see cref="FaceOperation"/>s (<see cref="LivenessProxyExtensions.AddFaceOperation{TOperation}"/>),
/// and which one performs a route: the one table of them. A route names its operation by
/// <see cref="FaceOperation.Name"/> and, unless the operation takes none, a session kind it serves.
/// </summary>
internal sealed class FaceOperations
{
    private readonly FaceOperation[] _all;

    public FaceOperations(IEnumerable<FaceOperation> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        _all = [.. all];
        foreach (var kind in Enum.GetValues<SessionKind>())
        {
            var ambiguous = _all.Where(o => o.Serves(kind)).GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (ambiguous is not null)
            {
                throw new InvalidOperationException($"More than one Face operation is named '{ambiguous.Key}' for {kind.ToName()} sessions: {string.Join(", ", ambiguous.Select(o => o.GetType().Name))}.");
            }
        }
    }

    /// <summary>
    /// Reads the metadata of <paramref name="route"/> (configuration time only): false when the route carries none,
    /// or names no registered operation or a kind it does not serve (with <paramref name="error"/>).
    /// </summary>
    public bool TryRead(RouteConfig route, out LivenessRoute? liveness, out FaceOperation? operation, out string? error)
    {
        ArgumentNullException.ThrowIfNull(route);
        liveness = null;
        operation = null;
        error = null;
        if (route.Metadata is null || !route.Metadata.TryGetValue(LivenessRoute.OperationKey, out var name))
        {
            return false;
        }

        var named = _all.Where(o => string.Equals(o.Name, name, StringComparison.Ordinal)).ToList();
        if (named.Count == 0)
        {
            error = $"Route '{route.RouteId}': metadata {LivenessRoute.OperationKey} '{name}' is not one of {string.Join(", ", _all.Select(o => o.Name).Distinct())}.";
            return false;
        }

        var kind = SessionKind.Liveness;
        if (named[0].TakesSessionKind
            && (!route.Metadata.TryGetValue(LivenessRoute.SessionKindKey, out var kindName) || !SessionKindNames.TryParse(kindName, out kind)))
        {
            error = $"Route '{route.RouteId}': metadata {LivenessRoute.SessionKindKey} must be '{SessionKindNames.Liveness}' or '{SessionKindNames.LivenessWithVerify}'.";
            return false;
        }

        operation = named.FirstOrDefault(o => o.Serves(kind));
        if (operation is null)
        {
            error = $"Route '{route.RouteId}': no {name} operation serves {kind.ToName()} sessions.";
            return false;
        }

        liveness = new LivenessRoute(operation.Name, kind);
        return true;
    }
}
