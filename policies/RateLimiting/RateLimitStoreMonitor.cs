using Microsoft.Extensions.Logging;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Whether the limits are kept in Redis (shared by every replica) or, while Redis cannot answer, in this
/// replica's memory. Each change is logged once, not once per request.
/// </summary>
internal sealed partial class RateLimitStoreMonitor(ILogger<RateLimitStoreMonitor> logger)
{
    private int _degraded;

    /// <summary>Redis answered a limiter.</summary>
    public void Answered()
    {
        if (Volatile.Read(ref _degraded) == 1 && Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogShared(logger);
        }
    }

    /// <summary>Redis could not answer a limiter (not connected, or the call failed); the caller falls back.</summary>
    public void Unavailable(Exception? exception)
    {
        if (Volatile.Read(ref _degraded) == 0 && Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogPerReplica(logger, exception);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Redis cannot answer the rate limiters: limits are kept in this replica's memory, with the same settings, until it can.")]
    private static partial void LogPerReplica(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Redis answers the rate limiters again: limits are shared by every replica.")]
    private static partial void LogShared(ILogger logger);
}
