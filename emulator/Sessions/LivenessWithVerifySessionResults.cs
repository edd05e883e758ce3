namespace Liveness.Emulator.Sessions;

internal sealed record LivenessWithVerifySessionResults(
    IReadOnlyList<LivenessWithVerifySessionAttempt> Attempts,
    IReadOnlyList<LivenessWithVerifyReference> VerifyReferences);
