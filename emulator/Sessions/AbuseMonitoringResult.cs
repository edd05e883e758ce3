namespace Liveness.Emulator.Sessions;

/// <summary>An attempt's abuse-monitoring verdict (v1.3-preview.1 <c>abuseMonitoringResult</c>).</summary>
internal sealed record AbuseMonitoringResult(bool IsAbuseDetected, IReadOnlyList<OtherFlaggedSession> OtherFlaggedSessions);
