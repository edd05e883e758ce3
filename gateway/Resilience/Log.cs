namespace Liveness.Gateway.Resilience;

/// <summary>Log events of resilience toward Face (7xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Face is failing ({Outcome}): circuit open, Face calls are answered 503 without calling it for {BreakDuration}.")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration, string outcome);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Circuit half-open: one probe call goes to Face.")]
    public static partial void CircuitHalfOpened(ILogger logger);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Face answered again: circuit closed.")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Retrying a read from Face (attempt {Attempt}) in {Delay} after {Outcome}.")]
    public static partial void RetryingRead(ILogger logger, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Face call not made ({Operation}): {Reason}.")]
    public static partial void CallRefused(ILogger logger, string operation, string reason);
}
