namespace Liveness.Policies.Sessions;

/// <summary>What the gateway knows of a session it created: who owns it, its kind and its last known status.</summary>
/// <param name="SessionId">Face's session id, lower case.</param>
/// <param name="OwnerKey">The owner's <see cref="Identity.UserId.Key"/>.</param>
/// <param name="Kind">Liveness or liveness-with-verify.</param>
/// <param name="CreatedAt">When the gateway created it.</param>
/// <param name="Status">Face's last reported status (<c>NotStarted</c>, <c>Running</c>, <c>Succeeded</c>, ...).</param>
public sealed record SessionRecord(string SessionId, string OwnerKey, SessionKind Kind, DateTimeOffset CreatedAt, string Status);
