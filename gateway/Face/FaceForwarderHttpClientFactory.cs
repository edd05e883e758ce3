using Liveness.Gateway.Proxy;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Face;

/// <summary>
/// YARP forwards through its own <see cref="HttpMessageInvoker"/>, not <c>IHttpClientFactory</c>, so the Face
/// HTTP pipeline (<see cref="FaceHttpPipeline.ForProxy"/>) goes in where YARP builds that invoker
/// (<see cref="ForwarderHttpClientFactory.WrapHandler"/>), around the Face cluster's socket handler. The client
/// is rebuilt when the cluster's configuration changes; the pipeline's state (the breaker, the budget) lives in
/// DI and survives that.
/// </summary>
internal sealed class FaceForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, FaceHttpPipeline pipeline)
    : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        handler = base.WrapHandler(context, handler);
        return context.ClusterId == FaceClusterConfigFilter.FaceClusterId ? pipeline.ForProxy(handler) : handler;
    }
}
