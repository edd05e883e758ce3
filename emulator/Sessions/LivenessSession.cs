namespace Liveness.Emulator.Sessions;

/// <summary>
/// A liveness session as the service returns it. <see cref="ModelVersion"/> is absent while the session
/// is <c>Running</c>; <see cref="AuthToken"/> is the JWT on create and <c>""</c> afterwards. In v1.3-preview.1
/// <see cref="IsAbuseMonitoringEnabled"/> and (when the create set it) <see cref="ExpectedClientIpAddress"/> are
/// present; in v1.2 both are absent.
/// </summary>
internal sealed record LivenessSession(
    string SessionId,
    string AuthToken,
    string Status,
    string? ModelVersion,
    bool? IsAbuseMonitoringEnabled,
    string? ExpectedClientIpAddress,
    LivenessSessionResults Results);
