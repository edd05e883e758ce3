namespace Liveness.Gateway.RateLimiting;

/// <summary>Log events of the rate limits (3xxx; 3100-3199 are the limiters' own, in Liveness.Policies).</summary>
internal static partial class Log
{
    // Debug: the audit trail (6005 LimitHit, Warning) records every refusal and names the limit; a second
    // Information line per 429 doubled the logging cost of a client hammering a limit (bench/run).
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Rate limit {Limit} refused a request; Retry-After {RetryAfterSeconds} s.")]
    public static partial void LimitReached(ILogger logger, string limit, int retryAfterSeconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The Face budget refused the gateway's own call ({Method} to Face) after waiting; retry after {RetryAfterSeconds} s.")]
    public static partial void OwnCallRefused(ILogger logger, string method, int retryAfterSeconds);
}
