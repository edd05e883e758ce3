namespace Liveness.Emulator.Sessions;

/// <summary>One client attempt: <c>result</c> when it succeeded, <c>error</c> when it failed.</summary>
internal sealed record LivenessSessionAttempt(int AttemptId, string AttemptStatus, LivenessResult? Result, LivenessError? Error);
