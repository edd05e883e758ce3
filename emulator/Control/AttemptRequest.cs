namespace Liveness.Emulator.Control;

/// <summary>
/// Body of <c>POST /emulator/sessions/{sessionId}/attempts</c>: either a <see cref="Decision"/> (the attempt
/// succeeds and finishes the session) or an <see cref="ErrorCode"/> (the attempt fails; the session fails
/// too unless <see cref="Final"/> is false).
/// </summary>
internal sealed record AttemptRequest
{
    /// <summary><c>realface</c>, <c>spoofface</c> or <c>uncertain</c> (any case; answered in lower case).</summary>
    public string? Decision { get; init; }

    /// <summary>An attempt error code such as <c>FaceWithMaskDetected</c>.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Whether a failed attempt ends the session (default true).</summary>
    public bool? Final { get; init; }

    public AttemptVerify? Verify { get; init; }

    /// <summary>Store a session image for this attempt; defaults to the session's enableSessionImage.</summary>
    public bool? SessionImage { get; init; }

    /// <summary>
    /// v1.3-preview.1 sessions only: abuse monitoring flags the (succeeded) attempt, so its
    /// <c>abuseMonitoringResult.isAbuseDetected</c> is true. Default false.
    /// </summary>
    public bool? AbuseDetected { get; init; }

    /// <summary>
    /// v1.3-preview.1 sessions only: the address the client called from (<c>clientInformation[0].ip</c>); defaults to
    /// the create's <c>expectedClientIpAddress</c> when that is one address, else <c>198.51.100.7</c>.
    /// </summary>
    public string? ClientIp { get; init; }
}
