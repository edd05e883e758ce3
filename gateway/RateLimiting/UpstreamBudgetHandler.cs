namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Spends the Face budget for the gateway's own Face calls (<see cref="Face.FaceSessionClient"/>: the
/// compensating delete of a session whose owner could not be recorded), one permit per attempt. Such a
/// call matters more than a client's request, so it may wait longer and does not count against the queue
/// limit; if the budget still has no permit, it is answered 429 without reaching Face, like any other
/// call over the budget.
/// </summary>
internal sealed class UpstreamBudgetHandler(UpstreamBudgetGate gate, ILogger<UpstreamBudgetHandler> logger) : DelegatingHandler
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var permit = await gate.EnterAsync(MaxWait, int.MaxValue, cancellationToken);
        if (!permit.IsAcquired)
        {
            Log.OwnCallRefused(logger, request.Method.Method, RateLimitRejection.RetryAfterSeconds(permit.RetryAfter));
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
