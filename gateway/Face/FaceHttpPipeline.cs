using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Resilience;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Registry;

namespace Liveness.Gateway.Face;

/// <summary>
/// The one HTTP pipeline of every Face call, whether YARP proxies it (<see cref="FaceForwarderHttpClientFactory"/>)
/// or the gateway makes it itself (<see cref="FaceSessionClient"/>). Outermost first:
/// <list type="number">
/// <item>retries, by caller: a proxied GET gets the read retries (<see cref="FacePipelines.Read"/>), a proxied
/// create or delete none (a retried create could bill twice), the gateway's own delete its one safe retry
/// (<see cref="FacePipelines.SessionClient"/>);</item>
/// <item><see cref="FaceAttemptHandler"/>, once per attempt: a permit of the Face budget (a client's request
/// within the <c>RateLimiting:Upstream</c> queue, the gateway's own call up to
/// <see cref="UpstreamBudgetGate.GatewayCallMaxWait"/> outside it, a background call of the deletion sweeper
/// (<see cref="FaceCallPriority.Background"/>) only a permit free at once while no call waits), then for proxied calls the shared circuit
/// breaker and the attempt timeout (<see cref="FacePipelines.Breaker"/>; the gateway's own call has neither, so
/// its clean-up is still attempted while the circuit is open), around the send with the gateway's key or Entra
/// ID token and the measurement of what Face saw.</item>
/// </list>
/// The handlers keep no state: the breaker and the budget live in DI, so YARP rebuilding its client (or the client
/// factory rotating its handlers) keeps them.
/// </summary>
internal sealed class FaceHttpPipeline(
    ResiliencePipelineProvider<string> pipelines,
    UpstreamBudgetGate budget,
    IFaceCredential credential,
    GatewayMetrics metrics)
{
    /// <summary>The pipeline of the calls YARP proxies, around YARP's own <paramref name="send"/> handler.</summary>
    public HttpMessageHandler ForProxy(HttpMessageHandler send)
    {
        var read = pipelines.GetPipeline<HttpResponseMessage>(FacePipelines.Read);
        var handlers = Create(
            request => request.Method == HttpMethod.Get ? read : ResiliencePipeline<HttpResponseMessage>.Empty,
            static (gate, _, cancellationToken) => gate.EnterAsync(cancellationToken),
            pipelines.GetPipeline<HttpResponseMessage>(FacePipelines.Breaker));
        for (var i = handlers.Length - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = send;
            send = handlers[i];
        }

        return send;
    }

    /// <summary>The pipeline of the gateway's own calls, in front of the client factory's primary handler.</summary>
    public IEnumerable<DelegatingHandler> ForGatewayCalls()
    {
        var retry = pipelines.GetPipeline<HttpResponseMessage>(FacePipelines.SessionClient);
        return Create(
            _ => retry,
            static (gate, request, cancellationToken) => FaceCallPriorities.Of(request) == FaceCallPriority.Background
                ? gate.EnterBackgroundCallAsync(cancellationToken)
                : gate.EnterGatewayCallAsync(cancellationToken),
            ResiliencePipeline<HttpResponseMessage>.Empty);
    }

    /// <summary>The order of every Face call, outermost first (see the class summary).</summary>
    private DelegatingHandler[] Create(
        Func<HttpRequestMessage, ResiliencePipeline<HttpResponseMessage>> retries,
        Func<UpstreamBudgetGate, HttpRequestMessage, CancellationToken, Task<UpstreamPermit>> takePermit,
        ResiliencePipeline<HttpResponseMessage> attempt) =>
#pragma warning disable CA2000 // Each handler is owned by the one around it; the outermost by its invoker or client.
    [
        new ResilienceHandler(retries),
        new FaceAttemptHandler(budget, takePermit, attempt, credential, metrics),
    ];
#pragma warning restore CA2000
}
