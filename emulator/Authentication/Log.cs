namespace Liveness.Emulator.Authentication;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Face call {Operation} refused: {Reason}")]
    public static partial void CallRefused(ILogger logger, string operation, string reason);
}
