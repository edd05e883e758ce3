namespace Liveness.Emulator.Sessions;

/// <summary>The outcome of a successful liveness-with-verify attempt (member order as the spec example).</summary>
internal sealed record LivenessWithVerifyResult(
    string? LivenessDecision,
    LivenessDecisionTargets Targets,
    LivenessWithVerifyOutputs? VerifyResult,
    string Digest,
    string? SessionImageId,
    string? VerifyImageHash);
