using Liveness.Gateway.Face;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Polly.Registry;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Resilience;

/// <summary>
/// YARP forwards through its own <see cref="HttpMessageInvoker"/>, not <c>IHttpClientFactory</c>, so
/// the resilience handler goes in where YARP builds that invoker (<see cref="ForwarderHttpClientFactory.WrapHandler"/>).
/// Around the Face cluster's socket handler, outermost first:
/// <see cref="ResilienceHandler"/> (retries for GETs, the shared circuit breaker, the attempt timeout),
/// <see cref="ProxyRetryBudgetHandler"/> (a retry spends a permit of the Face budget, like the first attempt),
/// <see cref="FaceCredentialHandler"/> (the gateway's key or Entra ID token, applied to every attempt),
/// <see cref="FaceTelemetryHandler"/> (each attempt's latency and status). The client is rebuilt when
/// the cluster's configuration changes; the pipelines (and the breaker's state) live in DI and survive that.
/// </summary>
internal sealed class ResilientForwarderHttpClientFactory(
    ILogger<ForwarderHttpClientFactory> logger,
    ResiliencePipelineProvider<string> pipelines,
    IFaceCredential credential,
    GatewayMetrics metrics,
    UpstreamBudgetGate budget) : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        handler = base.WrapHandler(context, handler);
        if (context.ClusterId != FaceClusterConfigFilter.FaceClusterId)
        {
            return handler;
        }

        var read = pipelines.GetPipeline<HttpResponseMessage>(FacePipelines.Read);
        var breaker = pipelines.GetPipeline<HttpResponseMessage>(FacePipelines.Breaker);
#pragma warning disable CA2000 // Each handler is owned by the one around it; YARP disposes the outermost with its invoker.
        var measured = new FaceTelemetryHandler(metrics) { InnerHandler = handler };
        var authenticated = new FaceCredentialHandler(credential) { InnerHandler = measured };
        var budgeted = new ProxyRetryBudgetHandler(budget) { InnerHandler = authenticated };
        return new ResilienceHandler(request => request.Method == HttpMethod.Get ? read : breaker) { InnerHandler = budgeted };
#pragma warning restore CA2000
    }
}
