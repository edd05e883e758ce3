namespace Liveness.Emulator.Sessions;

internal sealed record LivenessWithVerifySessionAttempt(int AttemptId, string AttemptStatus, LivenessWithVerifyResult? Result, LivenessError? Error);
