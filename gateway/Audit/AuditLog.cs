namespace Liveness.Gateway.Audit;

/// <summary>
/// The audit events (6xxx, category <see cref="AuditTrail.Category"/>). Users appear as their
/// <c>UserKey</c> (see <see cref="AuditTrail"/>); no event carries a key, a token, a session's
/// <c>authToken</c> or image bytes; values that came from a client pass through <see cref="AuditValue"/>.
/// </summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 6001, EventName = "SessionCreated", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} created {SessionKind} session {SessionId} (mode {LivenessOperationMode}); trace {TraceId}.")]
    public static partial void SessionCreated(ILogger logger, string userKey, string sessionKind, string sessionId, string livenessOperationMode, string traceId);

    [LoggerMessage(EventId = 6002, EventName = "SessionResultRead", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} read {SessionKind} session {SessionId}: status {Status}, decision {Decision}, verify match {IsIdentical}; trace {TraceId}.")]
    public static partial void SessionResultRead(ILogger logger, string userKey, string sessionKind, string sessionId, string status, string decision, string isIdentical, string traceId);

    [LoggerMessage(EventId = 6003, EventName = "SessionDeleted", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} deleted {SessionKind} session {SessionId}; trace {TraceId}.")]
    public static partial void SessionDeleted(ILogger logger, string userKey, string sessionKind, string sessionId, string traceId);

    [LoggerMessage(EventId = 6004, EventName = "AccessDenied", Level = LogLevel.Warning,
        Message = "Audit: access denied ({Reason}) to {Method} {RouteId} for user {UserKey}, target {Target}; answered {Status}; trace {TraceId}.")]
    public static partial void AccessDenied(ILogger logger, string reason, string method, string routeId, string userKey, string target, int status, string traceId);

    [LoggerMessage(EventId = 6005, EventName = "LimitHit", Level = LogLevel.Warning,
        Message = "Audit: limit {Limit} hit by user {UserKey} on {Method} {RouteId}; trace {TraceId}.")]
    public static partial void LimitHit(ILogger logger, string limit, string method, string routeId, string userKey, string traceId);

    [LoggerMessage(EventId = 6006, EventName = "SessionImageRead", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} read session image {SessionImageId} of session {SessionId}; trace {TraceId}.")]
    public static partial void SessionImageRead(ILogger logger, string userKey, string sessionImageId, string sessionId, string traceId);

    [LoggerMessage(EventId = 6007, EventName = "AssertionIssued", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} was issued an assertion of the {SessionKind} session {SessionId} for {Audience}; trace {TraceId}.")]
    public static partial void AssertionIssued(ILogger logger, string userKey, string sessionKind, string sessionId, string audience, string traceId);

    [LoggerMessage(EventId = 6008, EventName = "SessionsErased", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} erased their sessions: {Count} deleted at Face with their records, results and verdicts; trace {TraceId}.")]
    public static partial void SessionsErased(ILogger logger, string userKey, int count, string traceId);

    [LoggerMessage(EventId = 6009, EventName = "SessionImageDetected", Level = LogLevel.Information,
        Message = "Audit: user {UserKey} had the faces in session image {SessionImageId} of session {SessionId} detected; trace {TraceId}.")]
    public static partial void SessionImageDetected(ILogger logger, string userKey, string sessionImageId, string sessionId, string traceId);

    [LoggerMessage(EventId = 6010, EventName = "UserCorrelationReset", Level = LogLevel.Warning,
        Message = "Audit: operator {OperatorKey} reset the userCorrelationId of user {UserKey} for Face's abuse monitoring; trace {TraceId}.")]
    public static partial void UserCorrelationReset(ILogger logger, string operatorKey, string userKey, string traceId);

    [LoggerMessage(EventId = 6011, EventName = "SessionDeletedAtFace", Level = LogLevel.Information,
        Message = "Audit: the gateway deleted user {UserKey}'s {SessionKind} session {SessionId} at Face ({Reason}); trace {TraceId}.")]
    public static partial void SessionDeletedAtFace(ILogger logger, string userKey, string sessionKind, string sessionId, string reason, string traceId);
}
