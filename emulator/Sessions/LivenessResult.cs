namespace Liveness.Emulator.Sessions;

/// <summary>The outcome of a successful liveness attempt.</summary>
internal sealed record LivenessResult(string? LivenessDecision, LivenessDecisionTargets Targets, string Digest, string? SessionImageId);
