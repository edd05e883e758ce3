namespace Liveness.Gateway.AbuseMonitoring;

internal static partial class Log
{
    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "No Face:AbuseMonitoring:CorrelationSecret configured: Development derives each user's userCorrelationId with a secret generated at startup; every value changes when the process stops.")]
    public static partial void GeneratedCorrelationSecret(ILogger logger);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "A user correlation reset was refused with 503: the store cannot be written.")]
    public static partial void ResetStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Warning, Message = "A create was refused with 503: the user's correlation salt cannot be read.")]
    public static partial void CorrelationStoreUnavailable(ILogger logger, Exception exception);
}
