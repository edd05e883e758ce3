using Liveness.Policies.Sessions;

namespace Liveness.Policies.Deletions;

/// <summary>A session the gateway will delete at Face: what the sweeper needs to find its record and to call Face.</summary>
/// <param name="SessionId">Face's session id, lower case.</param>
/// <param name="OwnerKey">The owner's <see cref="Identity.UserId.Key"/> (where the record is).</param>
/// <param name="Kind">Which Face path the session is under.</param>
public sealed record ScheduledDeletion(string SessionId, string OwnerKey, SessionKind Kind)
{
    /// <summary>The deletion of <paramref name="session"/>.</summary>
    public static ScheduledDeletion Of(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.SessionId, session.OwnerKey, session.Kind);
    }

    /// <summary>How the schedule names it: <c>kind|owner|sessionId</c> (none of the three holds a <c>|</c>).</summary>
    internal string Member => $"{Kind.ToName()}|{OwnerKey}|{SessionId}";

    /// <summary>The deletion a schedule member names, or null when it is not one the gateway wrote.</summary>
    internal static ScheduledDeletion? FromMember(string? member)
    {
        var parts = member?.Split('|');
        return parts is { Length: 3 } && SessionKindNames.TryParse(parts[0], out var kind) && parts[1].Length > 0 && SessionIdentifiers.IsValidSessionId(parts[2])
            ? new ScheduledDeletion(parts[2], parts[1], kind)
            : null;
    }
}
