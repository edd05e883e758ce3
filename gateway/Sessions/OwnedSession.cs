namespace Liveness.Gateway.Sessions;

/// <summary>One entry of <c>GET /api/liveness/sessions</c>: a session the caller owns.</summary>
/// <param name="SessionId">Face's session id.</param>
/// <param name="Kind"><c>liveness</c> or <c>livenessWithVerify</c>.</param>
/// <param name="CreatedAt">When the gateway created it (UTC).</param>
/// <param name="Status">Face's last status seen by the gateway.</param>
internal sealed record OwnedSession(string SessionId, string Kind, DateTimeOffset CreatedAt, string Status);
