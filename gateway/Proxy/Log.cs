namespace Liveness.Gateway.Proxy;

/// <summary>Log events of the proxied routes (2xxx). Never a key, token, auth token or image byte.</summary>
internal static partial class Log
{
    // Debug: the audit trail (6004) is the record of denials; this adds the internal reason for troubleshooting.
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Access denied to session {SessionId}: {Reason}.")]
    public static partial void OwnershipDenied(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Session store unavailable; request refused with 503 ({Operation}).")]
    public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Ownership of new session {SessionId} could not be recorded; deleting it at Face.")]
    public static partial void OwnershipWriteFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Session {SessionId} could not be deleted at Face after its ownership write failed: it may be orphaned until Face expires it.")]
    public static partial void CompensationFailed(ILogger logger, string sessionId, Exception? exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Face refused the gateway's credential ({Status}, code {FaceCode}): check Face:ApiKey / Face:Credential and Face:Endpoint.")]
    public static partial void FaceCredentialRefused(ILogger logger, int status, string faceCode);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Face answered {Status} (code {FaceCode}) to {Operation}.")]
    public static partial void FaceError(ILogger logger, int status, string faceCode, string operation);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Forwarding to Face failed: {Error} ({Operation}).")]
    public static partial void ForwardingFailed(ILogger logger, string error, string operation, Exception? exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Could not update the store after Face answered {Operation} for session {SessionId}; the answer was still returned.")]
    public static partial void StoreUpdateFailed(ILogger logger, string operation, string sessionId, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Face's answer to {Operation} was not what the contract describes: {Problem}.")]
    public static partial void UnexpectedFaceResponse(ILogger logger, string operation, string problem);

    // Debug: the audit trail (6004) records refusals at the level operators read.
    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Request refused before reaching Face: {Status} {Code}.")]
    public static partial void RequestRefused(ILogger logger, int status, string code);

    // Debug: a client closing its connection mid-answer is routine (a load balancer's or app's timeout).
    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "The client went away while the answer to {Operation} was being written.")]
    public static partial void ClientGone(ILogger logger, string operation);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "A verify create was refused with 503: {Limit} uploads are already in flight on this replica (Sessions:MaxConcurrentVerifyUploads).")]
    public static partial void VerifyUploadsBusy(ILogger logger, int limit);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Debug, Message = "Verify uploads finished ({Bytes} bytes since the last trim): memory returned to the system in a {PauseMilliseconds:F1} ms collection.")]
    public static partial void UploadMemoryTrimmed(ILogger logger, long bytes, double pauseMilliseconds);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Session {SessionId} was deleted at Face but its record could not be removed within the budget: it stays listed until a read or delete of it removes the record; answered 503.")]
    public static partial void RecordNotRemoved(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Debug, Message = "{Operation} of session {SessionId} answered without Face: the gateway deleted the session at Face.")]
    public static partial void SessionDeletedAtFace(ILogger logger, string operation, string sessionId);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "The deletion at Face of new session {SessionId} could not be scheduled; its record is removed and it is deleted at Face now.")]
    public static partial void DeletionNotScheduled(ILogger logger, string sessionId, Exception exception);
}
