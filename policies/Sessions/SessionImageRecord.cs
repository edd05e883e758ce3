namespace Liveness.Policies.Sessions;

/// <summary>A session image id seen in a result of an owned session, and that session.</summary>
public sealed record SessionImageRecord(string SessionImageId, string SessionId, string OwnerKey);
