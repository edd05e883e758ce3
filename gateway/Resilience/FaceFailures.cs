using Polly;
using Polly.Timeout;

namespace Liveness.Gateway.Resilience;

/// <summary>What counts as Face failing: a 5xx, no answer (connection refused, reset or dropped), an attempt timing out.</summary>
internal static class FaceFailures
{
    /// <summary>
    /// True for a failure worth a retry (of a read) and counted by the circuit breaker. A 429 is not:
    /// Face is up and asks for less traffic, so it goes back to the client with its <c>Retry-After</c>
    /// rather than being multiplied by retries. Nor is a 4xx, a cancellation, the gateway's own credential failing
    /// or the Face budget refusing an attempt (the gateway did not call Face).
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { StatusCode: >= System.Net.HttpStatusCode.InternalServerError };

    /// <summary>The wait Face asked for in <c>Retry-After</c> (seconds or a date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>A short description of an outcome for logs (status code or exception type, never a body).</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? exception.GetType().Name : $"HTTP {(int?)outcome.Result?.StatusCode}";
}
