namespace Liveness.Gateway.StepUp;

internal static partial class Log
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Debug, Message = "Liveness policy {Policy} refused the request: {Reason}.")]
    public static partial void LivenessRequired(ILogger logger, string policy, string reason);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Warning, Message = "Liveness policy {Policy} could not read the verdicts; the request was refused with 503.")]
    public static partial void VerdictsUnavailable(ILogger logger, string policy, Exception exception);
}
