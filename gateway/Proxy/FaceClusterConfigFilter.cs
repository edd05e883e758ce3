using Liveness.Gateway.Face;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Fills in what the YARP configuration must not repeat: the Face cluster's address comes from
/// <c>Face:Endpoint</c> and <c>Face:ApiVersion</c> (one place), and each create route's body limit from
/// the session policy.
/// </summary>
internal sealed class FaceClusterConfigFilter(IOptions<FaceOptions> face, IOptions<SessionPolicyOptions> sessions) : IProxyConfigFilter
{
    /// <summary>The cluster id the Face routes use.</summary>
    public const string FaceClusterId = "face";

    /// <summary>Room for multipart boundaries and text fields around a verify image.</summary>
    private const long MultipartAllowance = 64 * 1024;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.ClusterId != FaceClusterId)
        {
            return ValueTask.FromResult(cluster);
        }

        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase)
        {
            ["face"] = new() { Address = face.Value.SessionsBaseAddress.ToString() },
        };
        return ValueTask.FromResult(cluster with { Destinations = destinations });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.MaxRequestBodySize is not null || !LivenessRoute.TryRead(route, out var policy, out _) || policy is null)
        {
            return ValueTask.FromResult(route);
        }

        long limit = policy switch
        {
            { Operation: LivenessOperation.Create, Kind: SessionKind.Liveness } => sessions.Value.MaxCreateBodyBytes,
            { Operation: LivenessOperation.Create } => sessions.Value.MaxVerifyImageBytes + MultipartAllowance,
            _ => 4 * 1024,
        };
        return ValueTask.FromResult(route with { MaxRequestBodySize = limit });
    }
}
