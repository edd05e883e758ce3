namespace Liveness.Policies.Sessions;

/// <summary>
/// Server-side session policy (section <c>Sessions</c>): what the gateway asks of Face when it creates
/// a session. Clients choose only the operation mode and device correlation id; everything here is
/// the operator's.
/// </summary>
public sealed record SessionPolicyOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Face's own retention of a session: 48 hours after creation.</summary>
    public static readonly TimeSpan FaceSessionLifetime = TimeSpan.FromHours(48);

    /// <summary>Lifetime of the session auth token handed to the client SDK, 60..86400 s. Default 600 (Face's default).</summary>
    public int AuthTokenTimeToLiveInSeconds { get; init; } = 600;

    /// <summary>
    /// How many times the client SDK may attempt a check with one session's auth token, 1..3 (Face's range). Default 1
    /// (Face's default). Sent only with Face API <c>v1.3-preview.1</c>, which knows the field.
    /// </summary>
    public int NumberOfClientAttemptsAllowed { get; init; } = 1;

    /// <summary>Whether Face stores a session image (enables <c>sessionImageId</c>). Default false: no face image is kept unless the operator asks.</summary>
    public bool EnableSessionImage { get; init; }

    /// <summary>Face liveness model, e.g. <c>2024-11-15</c>; null lets Face use its latest.</summary>
    public string? LivenessModelVersion { get; init; }

    /// <summary>Mode used when the client does not choose: <c>Passive</c> (the only mode mobile SDKs support).</summary>
    public string DefaultLivenessOperationMode { get; init; } = LivenessOperationModes.Passive;

    /// <summary>Largest verify image accepted, in bytes. Default 6 MiB, Face's own limit.</summary>
    public long MaxVerifyImageBytes { get; init; } = 6 * 1024 * 1024;

    /// <summary>
    /// Verify creates this replica reads and holds at once (each buffers its image, at most
    /// <see cref="MaxVerifyImageBytes"/>, until Face answers). One more is answered 503 with <c>Retry-After</c>
    /// before its body is read. Default 16: 96 MiB of images at the default size, within the shipped pod's heap.
    /// </summary>
    public int MaxConcurrentVerifyUploads { get; init; } = 16;

    /// <summary>Largest JSON create body accepted, in bytes. Default 16 KiB.</summary>
    public long MaxCreateBodyBytes { get; init; } = 16 * 1024;

    /// <summary>How long ownership records live; never shorter than Face's 48 h session lifetime. Default 49 h.</summary>
    public TimeSpan RecordTimeToLive { get; init; } = FaceSessionLifetime + TimeSpan.FromHours(1);

    /// <summary>
    /// What the owner's reads of a session's result answer: <see cref="ClientResultView.Full"/> (the default, Face's
    /// JSON) or <see cref="ClientResultView.Decision"/> (the decision only; the app's backend learns the rest from
    /// the gateway, never from the client).
    /// </summary>
    public ClientResultView ClientResultView { get; init; } = ClientResultView.Full;
}
