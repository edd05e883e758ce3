using Liveness.Emulator.Edge;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// Turns a session's state into what the service returns. Attempts are listed newest first, as in the
/// v1.2 spec examples (callers should pick by <c>attemptId</c>). Asked on a v1.3-preview.1 path, a session created
/// there also shows Face's abuse monitoring: <c>isAbuseMonitoringEnabled</c>, <c>expectedClientIpAddress</c>, and per
/// attempt <c>clientInformation</c> and (succeeded attempts) <c>abuseMonitoringResult</c>, as in the preview's examples.
/// </summary>
internal static class SessionViews
{
    // The service reports fixed-looking rectangles; the emulator returns the ones of the real recordings.
    private static readonly LivenessDecisionTargets Targets = new(new LivenessColorDecisionTarget(new FaceRectangle(669, 203, 646, 724)));
    private static readonly FaceRectangle VerifyFace = new(66, 440, 227, 304);

    /// <summary>The session as GET (or, with <paramref name="justCreated"/>, create) on <paramref name="version"/>'s path returns it.</summary>
    public static object ToWire(EmulatedSession session, string authToken = "", bool justCreated = false, FaceApiVersion version = FaceApiVersion.V1_2)
    {
        var monitored = version == FaceApiVersion.V1_3Preview1 && session.Settings.IsAbuseMonitored;
        bool? abuseMonitoringEnabled = monitored ? true : null;
        var expectedIp = monitored ? session.Settings.ExpectedClientIpAddress : null;
        var (status, attempts) = session.Snapshot();
        var modelVersion = status == OperationState.Running ? null : session.Settings.ModelVersion;
        var ordered = attempts.OrderByDescending(static a => a.AttemptId);

        if (session.Kind == SessionKind.Liveness)
        {
            var results = new LivenessSessionResults(ordered.Select(a => new LivenessSessionAttempt(
                a.AttemptId,
                a.Status.ToString(),
                a.Status == OperationState.Succeeded ? new LivenessResult(a.Decision, Targets, a.Digest, a.SessionImageId) : null,
                ToError(a),
                monitored ? ClientInformationOf(a) : null,
                monitored ? AbuseOf(a) : null)).ToArray());
            return new LivenessSession(session.Id, authToken, status.ToString(), modelVersion, abuseMonitoringEnabled, expectedIp, results);
        }

        var verifyImageHash = session.Settings.ReturnVerifyImageHash ? session.Settings.VerifyImageHash : null;
        var verifyResults = new LivenessWithVerifySessionResults(
            ordered.Select(a => new LivenessWithVerifySessionAttempt(
                a.AttemptId,
                a.Status.ToString(),
                a.Status == OperationState.Succeeded
                    ? new LivenessWithVerifyResult(a.Decision, Targets, a.Verify, a.Digest, a.SessionImageId, verifyImageHash)
                    : null,
                ToError(a),
                monitored ? ClientInformationOf(a) : null,
                monitored ? AbuseOf(a) : null)).ToArray(),
            [new LivenessWithVerifyReference(justCreated ? "image" : null, VerifyFace, "high")]);
        return new LivenessWithVerifySession(session.Id, authToken, status.ToString(), modelVersion, abuseMonitoringEnabled, expectedIp, verifyResults);
    }

    private static ClientInformation[]? ClientInformationOf(EmulatedAttempt attempt) =>
        attempt.ClientIp is { } ip ? [new ClientInformation(ip)] : [];

    /// <summary>Only a succeeded attempt carries a verdict of abuse monitoring (as in the preview's example).</summary>
    private static AbuseMonitoringResult? AbuseOf(EmulatedAttempt attempt) =>
        attempt.Status == OperationState.Succeeded ? new AbuseMonitoringResult(attempt.AbuseDetected, []) : null;

    private static LivenessError? ToError(EmulatedAttempt attempt) =>
        attempt.Status == OperationState.Failed
            ? new LivenessError(attempt.ErrorCode ?? "UnexpectedServerError", attempt.ErrorMessage ?? string.Empty, Targets)
            : null;
}
