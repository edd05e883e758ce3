namespace Liveness.Emulator.Sessions;

internal sealed record LivenessSessionResults(IReadOnlyList<LivenessSessionAttempt> Attempts);
