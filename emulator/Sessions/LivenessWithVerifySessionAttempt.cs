namespace Liveness.Emulator.Sessions;

/// <summary>One client attempt of a verify session (see <see cref="LivenessSessionAttempt"/>).</summary>
internal sealed record LivenessWithVerifySessionAttempt(
    int AttemptId,
    string AttemptStatus,
    LivenessWithVerifyResult? Result,
    LivenessError? Error,
    IReadOnlyList<ClientInformation>? ClientInformation = null,
    AbuseMonitoringResult? AbuseMonitoringResult = null);
