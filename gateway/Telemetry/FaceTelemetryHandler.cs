using System.Diagnostics;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// Innermost handler of every Face call (proxied or the gateway's own): measures each attempt's
/// latency and status, and puts Face's <c>apim-request-id</c> on the current span.
/// </summary>
internal sealed class FaceTelemetryHandler(GatewayMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            metrics.FaceRequest(request.Method, statusCode: null, e is HttpRequestException ? "connection_error" : "canceled", Stopwatch.GetElapsedTime(started));
            throw;
        }

        metrics.FaceRequest(request.Method, (int)response.StatusCode, errorType: null, Stopwatch.GetElapsedTime(started));
        if (Activity.Current is { } activity && FaceRequestId(response) is { } requestId)
        {
            activity.SetTag(GatewayTelemetry.FaceRequestIdAttribute, requestId);
        }

        return response;
    }

    /// <summary>Face's request id of <paramref name="response"/>, or null.</summary>
    public static string? FaceRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(GatewayTelemetry.FaceRequestIdHeader, out var values) ? values.FirstOrDefault() : null;
}
