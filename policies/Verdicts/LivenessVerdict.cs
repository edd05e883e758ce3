using Liveness.Policies.Sessions;

namespace Liveness.Policies.Verdicts;

/// <summary>
/// A session's final answer as the gateway learned it from Face (never from the client): what the apps' own
/// backends act on, through a liveness-gated route or a signed assertion.
/// </summary>
/// <param name="SessionId">Face's session id, lower case.</param>
/// <param name="Kind">Liveness or liveness-with-verify.</param>
/// <param name="Decision">The latest attempt's <c>livenessDecision</c> (<c>realface</c>, <c>spoofface</c>, <c>uncertain</c>), or null when the session finished without one (failed, canceled).</param>
/// <param name="IsIdentical">For verify sessions, <c>verifyResult.isIdentical</c>; null otherwise.</param>
/// <param name="MatchConfidence">For verify sessions, <c>verifyResult.matchConfidence</c>; null otherwise.</param>
/// <param name="ModelVersion">Face's <c>modelVersion</c>.</param>
/// <param name="Digest">The latest attempt's <c>digest</c>.</param>
/// <param name="DecidedAt">When the gateway first saw the result final.</param>
/// <param name="IsAbuseDetected">
/// Whether Face's abuse monitoring (API <c>v1.3-preview.1</c>) reported <c>abuseMonitoringResult.isAbuseDetected</c> on
/// any attempt of the session; false when Face reported none (API <c>v1.2</c>).
/// </param>
public sealed record LivenessVerdict(
    string SessionId,
    SessionKind Kind,
    string? Decision,
    bool? IsIdentical,
    double? MatchConfidence,
    string? ModelVersion,
    string? Digest,
    DateTimeOffset DecidedAt,
    bool IsAbuseDetected = false)
{
    /// <summary>The decision Face gives a live face (real answers use this lower-case spelling).</summary>
    public const string RealFace = "realface";

    /// <summary>
    /// A pass: a real face and, for a verify session, the same person as the reference image; never a session in
    /// which Face's abuse monitoring detected abuse, whatever its decision.
    /// </summary>
    public bool IsPass =>
        !IsAbuseDetected
        && string.Equals(Decision, RealFace, StringComparison.OrdinalIgnoreCase)
        && (Kind != SessionKind.LivenessWithVerify || IsIdentical == true);
}
