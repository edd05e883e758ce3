using System.Diagnostics;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Yarp.ReverseProxy.Model;

namespace Liveness.Gateway.Audit;

/// <summary>
/// One structured event per security-relevant act (<see cref="AuditLog"/>, category
/// <see cref="Category"/>): a session created, a result read, a session image read or detected, a session
/// deleted, a user's sessions erased, access denied and why, a limit hit.
/// <para>
/// Users are recorded as <see cref="UserId.Key"/>, the SHA-256 of issuer and <c>sub</c>, not the raw
/// <c>sub</c>: it is what the ownership store records (events and Redis correlate directly), it is
/// unique across issuers, fixed-length hex (nothing to inject), and pseudonymous (a <c>sub</c> can be
/// an e-mail address, and audit logs travel far and live long). To find a user's events, compute the
/// key from their issuer and <c>sub</c> (<c>sha256("{issuer}\n{sub}")</c>, lower-case hex).
/// </para>
/// </summary>
internal sealed class AuditTrail(ILoggerFactory loggers, GatewayMetrics metrics)
{
    public const string Category = "Liveness.Gateway.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public void SessionCreated(HttpContext context, UserId user, SessionKind kind, string sessionId, string? livenessOperationMode)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sessionKind = kind.ToName();
        var session = AuditValue.Clean(sessionId);
        var mode = AuditValue.Clean(livenessOperationMode);
        var traceId = TraceId(context);
        AuditLog.SessionCreated(_logger, user.Key, sessionKind, session, mode, traceId);
    }

    /// <summary>A session's result reached its owner: its status and the latest attempt's decision and verify match, from Face's answer.</summary>
    public void SessionResultRead(HttpContext context, UserId user, SessionRecord session, string? status, string? decision, bool? isIdentical)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var sessionKind = session.Kind.ToName();
        var identical = isIdentical switch
        {
            true => "true",
            false => "false",
            null => AuditValue.None,
        };
        var cleanStatus = AuditValue.Clean(status, 32);
        var cleanDecision = AuditValue.Clean(decision, 32);
        var traceId = TraceId(context);
        AuditLog.SessionResultRead(_logger, user.Key, sessionKind, session.SessionId, cleanStatus, cleanDecision, identical, traceId);
    }

    /// <summary>A signed assertion of a session's pass was handed to its owner, for <paramref name="audience"/>.</summary>
    public void AssertionIssued(HttpContext context, UserId user, SessionRecord session, string audience)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var sessionKind = session.Kind.ToName();
        var app = AuditValue.Clean(audience, 128);
        var traceId = TraceId(context);
        AuditLog.AssertionIssued(_logger, user.Key, sessionKind, session.SessionId, app, traceId);
    }

    /// <summary>An operator gave <paramref name="user"/> a new <c>userCorrelationId</c> for Face's abuse monitoring.</summary>
    public void UserCorrelationReset(HttpContext context, UserId operatorUser, UserId user)
    {
        ArgumentNullException.ThrowIfNull(operatorUser);
        ArgumentNullException.ThrowIfNull(user);
        AuditLog.UserCorrelationReset(_logger, operatorUser.Key, user.Key, TraceId(context));
    }

    public void SessionImageRead(HttpContext context, UserId user, string sessionImageId, SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var image = AuditValue.Clean(sessionImageId);
        var traceId = TraceId(context);
        AuditLog.SessionImageRead(_logger, user.Key, image, session.SessionId, traceId);
    }

    /// <summary>Face's detection ran on one of the user's session images (what it returned is not logged).</summary>
    public void SessionImageDetected(HttpContext context, UserId user, string sessionImageId, SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var image = AuditValue.Clean(sessionImageId);
        var traceId = TraceId(context);
        AuditLog.SessionImageDetected(_logger, user.Key, image, session.SessionId, traceId);
    }

    public void SessionDeleted(HttpContext context, UserId user, SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var sessionKind = session.Kind.ToName();
        var traceId = TraceId(context);
        AuditLog.SessionDeleted(_logger, user.Key, sessionKind, session.SessionId, traceId);
    }

    /// <summary>The user's erasure finished: <paramref name="count"/> sessions deleted at Face (each also a <see cref="SessionDeleted"/>), nothing of theirs left.</summary>
    public void SessionsErased(HttpContext context, UserId user, int count)
    {
        ArgumentNullException.ThrowIfNull(user);
        var traceId = TraceId(context);
        AuditLog.SessionsErased(_logger, user.Key, count, traceId);
    }

    /// <summary>
    /// The deletion sweeper deleted a session at Face (or found it gone there): <paramref name="reason"/> is why it was
    /// due (<c>retention</c>, <c>final_read</c>, <c>abandoned</c>). No request: the trace is the sweep's, if any.
    /// </summary>
    public void SessionDeletedAtFace(SessionRecord session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sessionKind = session.Kind.ToName();
        var cleanReason = AuditValue.Clean(reason, 32);
        var traceId = Activity.Current?.TraceId.ToHexString() ?? AuditValue.None;
        AuditLog.SessionDeletedAtFace(_logger, session.OwnerKey, sessionKind, session.SessionId, cleanReason, traceId);
    }

    /// <summary>A refusal. <paramref name="target"/> is what was asked for (a session or image id, as the client sent it).</summary>
    public void AccessDenied(HttpContext context, AccessDenialReason reason, string? target, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = AuditValue.Name(reason);
        if (reason is AccessDenialReason.NotOwner or AccessDenialReason.WrongKind or AccessDenialReason.UnknownSession or AccessDenialReason.ImageNotOwned)
        {
            metrics.OwnershipDenied(name);
        }

        var method = AuditValue.Clean(context.Request.Method, 16);
        var routeId = RouteId(context);
        var userKey = UserKey(context);
        var asked = AuditValue.Clean(target);
        var traceId = TraceId(context);
        AuditLog.AccessDenied(_logger, name, method, routeId, userKey, asked, status, traceId);
    }

    /// <summary>A rate or quota limit refused the request (<paramref name="limit"/> is the limit's configured name).</summary>
    public void LimitHit(HttpContext context, string limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = AuditValue.Clean(limit, 64);
        var method = AuditValue.Clean(context.Request.Method, 16);
        var routeId = RouteId(context);
        var userKey = UserKey(context);
        var traceId = TraceId(context);
        AuditLog.LimitHit(_logger, name, method, routeId, userKey, traceId);
    }

    private static string UserKey(HttpContext context) => context.LivenessUser()?.Key ?? AuditValue.None;

    private static string RouteId(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId ?? AuditValue.Clean(endpoint?.DisplayName ?? context.Request.Path.Value, 64);
    }

    private static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToHexString() ?? AuditValue.Clean(context.TraceIdentifier, 64);
}
