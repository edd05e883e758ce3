namespace Liveness.Emulator.Sessions;

/// <summary>The face verification part of a liveness-with-verify result.</summary>
internal sealed record LivenessWithVerifyOutputs(float MatchConfidence, bool IsIdentical);
