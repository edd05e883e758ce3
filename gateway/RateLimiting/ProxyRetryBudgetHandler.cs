namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// In YARP's forwarder client for Face, inside the resilience handler that retries reads: the first attempt
/// of a proxied call uses the permit <see cref="UpstreamBudgetMiddleware"/> took before forwarding, and each
/// retry takes one of its own (within the same brief queue) or is answered 429 <c>UpstreamBudget</c> without
/// reaching Face. So every attempt Face sees was within the budget.
/// </summary>
internal sealed class ProxyRetryBudgetHandler(UpstreamBudgetGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (UpstreamBudgetGate.TryUseForwardedPermit())
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var permit = await gate.EnterAsync(cancellationToken);
        if (!permit.IsAcquired)
        {
            return gate.Refuse(request, permit.RetryAfter);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            await gate.LeaveAsync(permit);
        }
    }
}
