namespace Liveness.Emulator.Sessions;

/// <summary>
/// One client attempt: <c>result</c> when it succeeded, <c>error</c> when it failed; in v1.3-preview.1 also
/// <c>clientInformation</c> and, on a succeeded attempt, <c>abuseMonitoringResult</c> (absent in v1.2).
/// </summary>
internal sealed record LivenessSessionAttempt(
    int AttemptId,
    string AttemptStatus,
    LivenessResult? Result,
    LivenessError? Error,
    IReadOnlyList<ClientInformation>? ClientInformation = null,
    AbuseMonitoringResult? AbuseMonitoringResult = null);
