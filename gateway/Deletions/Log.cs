namespace Liveness.Gateway.Deletions;

/// <summary>Log events of the deletion sweeper (11xxx). Session ids and owner keys only: never a token or a result.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 11001, Level = LogLevel.Information, Message = "Deletion sweeper started: every {Interval}, at most {Calls} Face calls per {Window} for all replicas (Sessions:DeleteAtFace {Policy}).")]
    public static partial void SweeperStarted(ILogger logger, TimeSpan interval, int calls, TimeSpan window, string policy);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Warning, Message = "Deletion of session {SessionId} at Face failed ({Reason}); retried in {RetryIn} (failed attempts: {FailedAttempts}).")]
    public static partial void DeletionFailed(ILogger logger, string sessionId, string reason, TimeSpan retryIn, int failedAttempts, Exception? exception);

    [LoggerMessage(EventId = 11003, Level = LogLevel.Warning, Message = "The deletion schedule is unavailable; the sweep stops and due deletions wait for the next one.")]
    public static partial void ScheduleUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11004, Level = LogLevel.Debug, Message = "Deletion sweep yielded: the sweepers' share of the Face budget is spent, or a call waits for a permit; {Released} claimed deletions put back.")]
    public static partial void SweepYielded(ILogger logger, int released);

    [LoggerMessage(EventId = 11005, Level = LogLevel.Debug, Message = "Scheduled deletion of session {SessionId} dropped: {Reason}.")]
    public static partial void DeletionDropped(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 11006, Level = LogLevel.Debug, Message = "Session {SessionId} came due unfinished; Face says {Status}: {Next}.")]
    public static partial void AbandonedSessionRead(ILogger logger, string sessionId, string status, string next);

    [LoggerMessage(EventId = 11007, Level = LogLevel.Error, Message = "A deletion sweep failed unexpectedly; the next one runs as planned and the sessions it claimed are claimable again after their lease.")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
