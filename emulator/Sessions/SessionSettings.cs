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

    /// <summary>The API version the session was created with: only v1.3-preview.1 sessions have abuse monitoring.</summary>
    public Edge.FaceApiVersion ApiVersion { get; init; } = Edge.FaceApiVersion.V1_2;

    /// <summary>Attempts the client may make with the auth token (v1.3-preview.1; v1.2 allows the token's quota of 3).</summary>
    public int NumberOfClientAttemptsAllowed { get; init; } = 1;

    /// <summary>The end user's correlation id for abuse monitoring (v1.3-preview.1 liveness sessions), as the create sent it.</summary>
    public string? UserCorrelationId { get; init; }

    /// <summary>The IP address or CIDR the client is expected to come from (v1.3-preview.1 liveness sessions).</summary>
    public string? ExpectedClientIpAddress { get; init; }

    /// <summary>Whether the session reports Face's abuse monitoring (created with v1.3-preview.1).</summary>
    public bool IsAbuseMonitored => ApiVersion == Edge.FaceApiVersion.V1_3Preview1;

    /// <summary>SHA-256 of the verify image, upper-case hex (verify sessions only).</summary>
    public string? VerifyImageHash { get; init; }
}
