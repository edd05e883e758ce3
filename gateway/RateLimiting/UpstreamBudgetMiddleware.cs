using Liveness.Gateway.Proxy;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Runs in YARP's proxy pipeline after the session policy and the finished-result cache, so that only
/// requests that will really be sent to Face spend the deployment's budget: a permit is taken (waiting
/// briefly if need be) before forwarding, used by the call's first attempt, and given back when Face's
/// answer has been handled; without one the client gets 429 <c>UpstreamBudget</c>, never Face's own 429.
/// A retry of the call takes a permit of its own (<see cref="ProxyRetryBudgetHandler"/>).
/// </summary>
internal sealed class UpstreamBudgetMiddleware(RequestDelegate next, UpstreamBudgetGate gate, RateLimitRejection rejection)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetReverseProxyFeature().Cluster?.Config.ClusterId != FaceClusterConfigFilter.FaceClusterId)
        {
            await next(context);
            return;
        }

        var permit = await gate.EnterAsync(context.RequestAborted);
        if (!permit.IsAcquired)
        {
            await rejection.WriteAsync(context, GatewayLimit.UpstreamBudget, permit.RetryAfter);
            return;
        }

        try
        {
            using (UpstreamBudgetGate.Forwarding(permit))
            {
                await next(context);
            }
        }
        finally
        {
            await gate.LeaveAsync(permit);
        }
    }
}
