namespace Liveness.Emulator.Sessions;

/// <summary>The JSON body of <c>POST detectLiveness-sessions</c>; the last four fields are v1.3-preview.1's (abuse monitoring), ignored by v1.2.</summary>
internal sealed record CreateLivenessSessionContent
{
    public string? LivenessOperationMode { get; init; }

    public bool? DeviceCorrelationIdSetInClient { get; init; }

    public bool? EnableSessionImage { get; init; }

    public string? LivenessModelVersion { get; init; }

    public string? DeviceCorrelationId { get; init; }

    public int? AuthTokenTimeToLiveInSeconds { get; init; }

    public int? NumberOfClientAttemptsAllowed { get; init; }

    public string? UserCorrelationId { get; init; }

    public bool? UserCorrelationIdSetInClient { get; init; }

    public string? ExpectedClientIpAddress { get; init; }
}
