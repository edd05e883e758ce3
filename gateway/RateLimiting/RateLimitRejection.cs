using System.Globalization;
using System.Threading.RateLimiting;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The one place every rate-limit refusal goes through: the log event and the metric that say which limit
/// fired, and, for a client's request, the 429 <c>application/problem+json</c> with <c>Retry-After</c> in
/// whole seconds and the limit's <c>code</c>; a client's refusal is also an audit event (<see cref="AuditTrail.LimitHit"/>).
/// Hook further reactions here.
/// </summary>
internal sealed class RateLimitRejection(RateLimitMetrics metrics, ILogger<RateLimitRejection> logger)
{
    /// <summary>Records a refusal (log and metric) and returns the <c>Retry-After</c> seconds for it.</summary>
    public int Record(GatewayLimit limit, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var seconds = RetryAfterSeconds(retryAfter);
        Log.LimitReached(logger, limit.Code, seconds);
        metrics.Rejected(limit);
        return seconds;
    }

    /// <summary>Records the refusal and answers the request with 429.</summary>
    public Task WriteAsync(HttpContext context, GatewayLimit limit, TimeSpan retryAfter) =>
        GatewayProblem.WriteAsync(context, Refuse(context, limit, retryAfter));

    /// <summary>
    /// Records the refusal (log, metric, audit), sets <c>Retry-After</c> and returns the 429 to answer with: for a
    /// limit a Face operation checks itself before Face is called (the failed-check cooldown).
    /// </summary>
    public ProblemHttpResult Refuse(HttpContext context, GatewayLimit limit, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limit);
        var seconds = Record(limit, retryAfter);
        context.RequestServices.GetRequiredService<AuditTrail>().LimitHit(context, limit.Tag);
        var retry = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = retry;
        return limit.Problem.ToResult($"{limit.Detail} Retry after {retry} s.");
    }

    /// <summary>Answers a request refused by ASP.NET Core's rate limiter, with the wait its lease reports.</summary>
    public ValueTask WriteAsync(OnRejectedContext context, GatewayLimit limit, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(context);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        return new ValueTask(WriteAsync(context.HttpContext, limit, retryAfter));
    }

    /// <summary>Whole seconds, rounded up (a retry after them must not be early), at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) =>
        (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue);
}
