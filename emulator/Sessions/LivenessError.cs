namespace Liveness.Emulator.Sessions;

/// <summary>Why an attempt failed (all members required).</summary>
internal sealed record LivenessError(string Code, string Message, LivenessDecisionTargets Targets);
