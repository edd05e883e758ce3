using System.Diagnostics;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.RateLimiting;
using Polly;

namespace Liveness.Gateway.Face;

/// <summary>
/// One attempt of a Face call, inside the retries of the <see cref="FaceHttpPipeline"/>, in this order: takes a
/// permit of the Face budget; runs <paramref name="attempt"/> (for proxied calls the shared circuit breaker and the
/// attempt timeout) around the send, which adds the gateway's Face credential (key or Entra ID token) and measures
/// what Face saw (latency and status, Face's request id on the current span); gives the permit back when the
/// attempt ends, answered or failed. Without a permit it throws <see cref="UpstreamBudgetExceededException"/> and
/// Face is not called. The permit is taken before <paramref name="attempt"/> runs, so the wait for it is not part of
/// the attempt's timeout, and a refusal is never seen by the circuit breaker.
/// </summary>
/// <param name="budget">The Face budget.</param>
/// <param name="takePermit">How this caller waits for a permit (a client's request, the gateway's own call, or background work).</param>
/// <param name="attempt">What runs around the send: the circuit breaker and attempt timeout, or nothing.</param>
/// <param name="credential">The gateway's Face credential.</param>
/// <param name="metrics">Where each attempt's latency and status are recorded.</param>
internal sealed class FaceAttemptHandler(
    UpstreamBudgetGate budget,
    Func<UpstreamBudgetGate, HttpRequestMessage, CancellationToken, Task<UpstreamPermit>> takePermit,
    ResiliencePipeline<HttpResponseMessage> attempt,
    IFaceCredential credential,
    GatewayMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var permit = await takePermit(budget, request, cancellationToken);
        if (!permit.IsAcquired)
        {
            throw new UpstreamBudgetExceededException(permit.RetryAfter);
        }

        try
        {
            return await attempt.ExecuteAsync(
                static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendToFaceAsync(state.Request, token)),
                (Handler: this, Request: request),
                cancellationToken);
        }
        finally
        {
            await budget.LeaveAsync(permit);
        }
    }

    private async Task<HttpResponseMessage> SendToFaceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await credential.ApplyAsync(request, cancellationToken);
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
        if (Activity.Current is { } activity && GatewayTelemetry.FaceRequestId(response) is { } requestId)
        {
            activity.SetTag(GatewayTelemetry.FaceRequestIdAttribute, requestId);
        }

        return response;
    }
}
