namespace Liveness.Emulator.Sessions;

internal sealed record LivenessDecisionTargets(LivenessColorDecisionTarget Color);
