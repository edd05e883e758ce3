namespace Liveness.Emulator.Sessions;

/// <summary>
/// The multipart form of <c>POST detectLivenessWithVerify-sessions</c>: flat fields plus the image; v1.3-preview.1 adds
/// <c>numberOfClientAttemptsAllowed</c> (ignored by v1.2).
/// </summary>
internal sealed record CreateLivenessWithVerifySessionContent
{
    public string? LivenessOperationMode { get; init; }

    public bool? DeviceCorrelationIdSetInClient { get; init; }

    public bool? EnableSessionImage { get; init; }

    public string? LivenessModelVersion { get; init; }

    public string? DeviceCorrelationId { get; init; }

    public int? AuthTokenTimeToLiveInSeconds { get; init; }

    public bool? ReturnVerifyImageHash { get; init; }

    public float? VerifyConfidenceThreshold { get; init; }

    public int? NumberOfClientAttemptsAllowed { get; init; }

    public required byte[] VerifyImage { get; init; }
}
