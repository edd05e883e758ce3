namespace Liveness.Emulator.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Created {Kind} session {SessionId}")]
    public static partial void SessionCreated(ILogger logger, SessionKind kind, string sessionId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Deleted session {SessionId}")]
    public static partial void SessionDeleted(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Session {SessionId} expired 48 hours after creation")]
    public static partial void SessionExpired(ILogger logger, string sessionId);
}
