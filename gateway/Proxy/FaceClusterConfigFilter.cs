using Liveness.Gateway.Face;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Fills in what the YARP configuration must not repeat: the Face cluster's address comes from
/// <c>Face:Endpoint</c> and <c>Face:ApiVersion</c> (one place), and each Face route's body limit from
/// the operation it performs (<see cref="FaceOperation.MaxRequestBodySize"/>).
/// </summary>
internal sealed class FaceClusterConfigFilter(IOptions<FaceOptions> face, FaceOperations operations) : IProxyConfigFilter
{
    /// <summary>The cluster id the Face routes use.</summary>
    public const string FaceClusterId = "face";

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
        if (route.MaxRequestBodySize is not null || !operations.TryRead(route, out _, out var operation, out _) || operation is null)
        {
            return ValueTask.FromResult(route);
        }

        return ValueTask.FromResult(route with { MaxRequestBodySize = operation.MaxRequestBodySize });
    }
}
