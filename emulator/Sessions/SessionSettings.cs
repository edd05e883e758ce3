namespace Liveness.Emulator.Sessions;

/// <summary>What the create call asked for, after validation.</summary>
internal sealed record SessionSettings
{
    public required string LivenessOperationMode { get; init; }

    public required string ModelVersion { get; init; }

    public required TimeSpan AuthTokenLifetime { get; init; }

    public string? DeviceCorrelationId { get; init; }

    public bool EnableSessionImage { get; init; }

    public bool ReturnVerifyImageHash { get; init; }

    public float? VerifyConfidenceThreshold { get; init; }

    /// <summary>SHA-256 of the verify image, upper-case hex (verify sessions only).</summary>
    public string? VerifyImageHash { get; init; }
}
