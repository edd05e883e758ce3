namespace Liveness.Gateway.Sessions;

/// <summary>The session routes' log events (12xx): an erasure that stopped before it was done.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Erasure stopped after {Erased} session(s): Face did not confirm the deletion of session {SessionId} ({Reason}); it and the rest stay recorded until the erasure is repeated.")]
    public static partial void FaceFailed(ILogger logger, int erased, string sessionId, string reason, Exception? exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Erasure stopped after {Erased} session(s): the session store could not do its part; what is left stays recorded until the erasure is repeated.")]
    public static partial void StoreUnavailable(ILogger logger, int erased, Exception exception);
}
