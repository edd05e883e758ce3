using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Takes a permit of the <see cref="IUpstreamBudget"/> for one Face call, waiting briefly for one when the
/// budget is spent (<see cref="UpstreamBudgetOptions.QueueTimeout"/>, at most
/// <see cref="UpstreamBudgetOptions.QueueLimit"/> waiters on this replica). A waiter sleeps until a permit
/// may free and asks again; it is not a strict FIFO queue, and it gives up as soon as the next permit is
/// known to free too late.
/// </summary>
internal sealed class UpstreamBudgetGate(IUpstreamBudget budget, IOptions<UpstreamBudgetOptions> options, RateLimitRejection rejection, TimeProvider time)
{
    /// <summary>Shortest pause between two attempts, so that waiters woken together do not spin.</summary>
    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(5);

    /// <summary>The permit <see cref="UpstreamBudgetMiddleware"/> took for the proxied call running in this async flow.</summary>
    private static readonly AsyncLocal<ForwardedPermit?> Forwarded = new();

    private int _waiting;

    /// <summary>A permit for a client's request, within the configured queue.</summary>
    public Task<UpstreamPermit> EnterAsync(CancellationToken cancellationToken) =>
        EnterAsync(options.Value.QueueTimeout, options.Value.QueueLimit, cancellationToken);

    /// <summary>A permit, waiting at most <paramref name="maxWait"/>, as one of at most <paramref name="queueLimit"/> waiters.</summary>
    public async Task<UpstreamPermit> EnterAsync(TimeSpan maxWait, int queueLimit, CancellationToken cancellationToken)
    {
        var permit = await budget.TryAcquireAsync(cancellationToken);
        if (permit.IsAcquired || permit.RetryAfter > maxWait)
        {
            return permit;
        }

        if (Interlocked.Increment(ref _waiting) > queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            return permit;
        }

        try
        {
            var deadline = time.GetUtcNow() + maxWait;
            while (true)
            {
                await Task.Delay(permit.RetryAfter > MinimumPause ? permit.RetryAfter : MinimumPause, time, cancellationToken);
                permit = await budget.TryAcquireAsync(cancellationToken);
                if (permit.IsAcquired || time.GetUtcNow() + permit.RetryAfter > deadline)
                {
                    return permit;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Face answered the call made with <paramref name="permit"/>. Not cancellable: a permit is always given back.</summary>
    public Task LeaveAsync(UpstreamPermit permit) =>
        permit.IsAcquired ? budget.ReleaseAsync(permit, CancellationToken.None) : Task.CompletedTask;

    /// <summary>
    /// Makes <paramref name="permit"/> the one the first attempt of the proxied call in this async flow uses
    /// (see <see cref="TryUseForwardedPermit"/>), until disposed.
    /// </summary>
    public static IDisposable Forwarding(UpstreamPermit permit)
    {
        var previous = Forwarded.Value;
        Forwarded.Value = new ForwardedPermit(permit);
        return new Restore(previous);
    }

    /// <summary>
    /// True once per proxied call: its first attempt to reach Face is covered by the permit taken before
    /// forwarding. Every further attempt (a retry) must take a permit of its own.
    /// </summary>
    public static bool TryUseForwardedPermit() => Forwarded.Value?.TryUse() == true;

    /// <summary>
    /// Records the refusal and answers an attempt that found no permit in Face's own error shape, without
    /// reaching Face: 429, <c>Retry-After</c>, code <c>UpstreamBudget</c> (which the proxy passes on to the client).
    /// </summary>
    public HttpResponseMessage Refuse(HttpRequestMessage request, TimeSpan retryAfter)
    {
        var limit = GatewayLimit.UpstreamBudget;
        var seconds = rejection.Record(limit, retryAfter);
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = limit.Code, ["message"] = $"{limit.Detail} Retry after {seconds} s." },
        }.ToJsonString();
        var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        refused.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return refused;
    }

    private sealed class ForwardedPermit(UpstreamPermit permit)
    {
        private int _used = permit.IsAcquired ? 0 : 1;

        public bool TryUse() => Interlocked.Exchange(ref _used, 1) == 0;
    }

    private sealed class Restore(ForwardedPermit? previous) : IDisposable
    {
        public void Dispose() => Forwarded.Value = previous;
    }
}
