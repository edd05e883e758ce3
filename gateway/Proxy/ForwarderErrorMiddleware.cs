using Liveness.Gateway.Errors;
using Liveness.Gateway.Resilience;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// When no answer came back from Face (timeout, refused or dropped connection), YARP leaves an empty
/// 502/504; this writes the gateway's problem+json for it instead (429 or 503 when the gateway itself held
/// the call back: no permit of the Face budget, circuit open or no Face credential, see <see cref="UpstreamRefusal"/>).
/// </summary>
internal sealed class ForwarderErrorMiddleware(RequestDelegate next, ILogger<ForwarderErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        // The route's Timeout (request timeouts middleware) cancels the request, which YARP reports as
        // a cancellation; only a cancellation without it means the client went away.
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (error.Error is ForwarderError.RequestCanceled && !routeTimedOut)
        {
            return;
        }

        var operation = context.Features.Get<LivenessRequestFeature>()?.Route.Operation ?? LivenessOperation.Read;
        if (await UpstreamRefusal.TryWriteAsync(context, error.Exception, operation.ToString(), logger))
        {
            return; // no permit of the Face budget, the circuit is open, no Face credential, or an attempt timed out
        }

        Log.ForwardingFailed(logger, error.Error.ToString(), operation, error.Exception);
        var timedOut = routeTimedOut || error.Error is ForwarderError.RequestTimedOut || context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
        var problem = timedOut
            ? Problems.UpstreamTimeout
            : Problems.UpstreamUnavailable;
        await GatewayProblem.WriteAsync(context, problem.ToResult());
    }
}
