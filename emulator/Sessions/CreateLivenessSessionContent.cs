namespace Liveness.Emulator.Sessions;

/// <summary>The JSON body of <c>POST detectLiveness-sessions</c>.</summary>
internal sealed record CreateLivenessSessionContent
{
    public string? LivenessOperationMode { get; init; }

    public bool? DeviceCorrelationIdSetInClient { get; init; }

    public bool? EnableSessionImage { get; init; }

    public string? LivenessModelVersion { get; init; }

    public string? DeviceCorrelationId { get; init; }

    public int? AuthTokenTimeToLiveInSeconds { get; init; }
}
