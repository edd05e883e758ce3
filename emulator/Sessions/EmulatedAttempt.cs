namespace Liveness.Emulator.Sessions;

/// <summary>An attempt the (emulated) client made: a decision, or an error code.</summary>
internal sealed record EmulatedAttempt
{
    public required int AttemptId { get; init; }

    public required OperationState Status { get; init; }

    public string? Decision { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public required string Digest { get; init; }

    public string? SessionImageId { get; init; }

    public LivenessWithVerifyOutputs? Verify { get; init; }

    /// <summary>The address the (emulated) client SDK called from: <c>clientInformation[0].ip</c> in v1.3-preview.1.</summary>
    public string? ClientIp { get; init; }

    /// <summary>Whether abuse monitoring flagged the attempt: <c>abuseMonitoringResult.isAbuseDetected</c> in v1.3-preview.1.</summary>
    public bool AbuseDetected { get; init; }
}
