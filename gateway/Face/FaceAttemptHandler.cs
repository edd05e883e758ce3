using Liveness.Gateway.RateLimiting;
using Liveness.Policies.RateLimiting;
using Polly;

namespace Liveness.Gateway.Face;

/// <summary>
/// One attempt of a Face call, inside the retries of the <see cref="FaceHttpPipeline"/>: takes a permit of the
/// Face budget, then sends through <paramref name="attempt"/> (for proxied calls the shared circuit breaker and
/// the attempt timeout), and gives the permit back when the attempt ends, answered or failed. Without a permit
/// it throws <see cref="UpstreamBudgetExceededException"/> and Face is not called. The permit is taken before
/// <paramref name="attempt"/> runs, so the wait for it is not part of the attempt's timeout, and a refusal is
/// never seen by the circuit breaker.
/// </summary>
/// <param name="budget">The Face budget.</param>
/// <param name="takePermit">How this caller waits for a permit (a client's request or the gateway's own call).</param>
/// <param name="attempt">What runs around the send: the circuit breaker and attempt timeout, or nothing.</param>
internal sealed class FaceAttemptHandler(
    UpstreamBudgetGate budget,
    Func<UpstreamBudgetGate, CancellationToken, Task<UpstreamPermit>> takePermit,
    ResiliencePipeline<HttpResponseMessage> attempt) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var permit = await takePermit(budget, cancellationToken);
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

    private Task<HttpResponseMessage> SendToFaceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
