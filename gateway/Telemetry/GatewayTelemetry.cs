using System.Diagnostics;

namespace Liveness.Gateway.Telemetry;

/// <summary>Names shared by the gateway's traces: its <see cref="ActivitySource"/> and the attributes it adds.</summary>
internal static class GatewayTelemetry
{
    /// <summary>The gateway's own activity source and meter name.</summary>
    public const string SourceName = "Liveness.Gateway";

    /// <summary>YARP's activity source: the forwarder span around each Face call.</summary>
    public const string YarpSourceName = "Yarp.ReverseProxy";

    /// <summary>Attribute carrying Face's <c>apim-request-id</c> (what Azure support asks for).</summary>
    public const string FaceRequestIdAttribute = "face.apim_request_id";

    /// <summary>Attribute and metric tag carrying the YARP route id (<c>liveness-read</c>, ...).</summary>
    public const string RouteIdAttribute = "liveness.route_id";

    /// <summary>Face's request id header.</summary>
    public const string FaceRequestIdHeader = "apim-request-id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Face's request id of <paramref name="response"/>, or null.</summary>
    public static string? FaceRequestId(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(FaceRequestIdHeader, out var values) ? values.FirstOrDefault() : null;
    }
}
