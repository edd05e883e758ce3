namespace Liveness.Policies.Sessions;

/// <summary>
/// What the gateway knows of a session it created: who owns it, its kind, its last known status and, once the
/// gateway's deletion sweeper deleted it at Face, when (<see cref="DeletedAtFace"/>).
/// </summary>
/// <param name="SessionId">Face's session id, lower case.</param>
/// <param name="OwnerKey">The owner's <see cref="Identity.UserId.Key"/>.</param>
/// <param name="Kind">Liveness or liveness-with-verify.</param>
/// <param name="CreatedAt">When the gateway created it.</param>
/// <param name="Status">Face's last reported status (<c>NotStarted</c>, <c>Running</c>, <c>Succeeded</c>, ...).</param>
public sealed record SessionRecord(string SessionId, string OwnerKey, SessionKind Kind, DateTimeOffset CreatedAt, string Status)
{
    /// <summary>
    /// When the gateway deleted the session at Face after its result was kept (null while Face still holds it).
    /// Nothing goes to Face for such a session any more: its result is read from what the gateway stored.
    /// </summary>
    public DateTimeOffset? DeletedAtFace { get; init; }
}
