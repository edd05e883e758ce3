namespace Liveness.Emulator.Sessions;

/// <summary>Another attempt abuse monitoring flagged together with this one (v1.3-preview.1 <c>otherFlaggedSessions</c> item).</summary>
internal sealed record OtherFlaggedSession(int AttemptId, string SessionId, string? SessionImageId);
