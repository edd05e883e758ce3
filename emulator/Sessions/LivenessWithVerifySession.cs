namespace Liveness.Emulator.Sessions;

/// <summary>A liveness-with-verify session as the service returns it (see <see cref="LivenessSession"/>).</summary>
internal sealed record LivenessWithVerifySession(
    string SessionId,
    string AuthToken,
    string Status,
    string? ModelVersion,
    bool? IsAbuseMonitoringEnabled,
    string? ExpectedClientIpAddress,
    LivenessWithVerifySessionResults Results);
