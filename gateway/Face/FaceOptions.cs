namespace Liveness.Gateway.Face;

/// <summary>The Face resource the gateway fronts (section <c>Face</c>).</summary>
internal sealed record FaceOptions
{
    public const string SectionName = "Face";

    /// <summary>Face API versions whose liveness-session paths the gateway's routes map to.</summary>
    public static readonly IReadOnlyList<string> SupportedApiVersions = ["v1.2", AbuseMonitoringApiVersion];

    /// <summary>The API version whose creates carry Face's abuse-monitoring fields and whose results report abuse.</summary>
    public const string AbuseMonitoringApiVersion = "v1.3-preview.1";

    /// <summary>Base URL of the Face resource, e.g. <c>https://name.cognitiveservices.azure.com</c>. The one place the upstream is configured.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Face API version; default <c>v1.2</c> (GA).</summary>
    public string ApiVersion { get; init; } = "v1.2";

    /// <summary>How to authenticate to Face; default <see cref="FaceCredentialKind.ApiKey"/>.</summary>
    public FaceCredentialKind Credential { get; init; } = FaceCredentialKind.ApiKey;

    /// <summary>The resource key, from the environment (<c>Face__ApiKey</c>) or a mounted secret file; never a committed file.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Whether the configured version has Face's abuse monitoring (<see cref="AbuseMonitoringApiVersion"/>).</summary>
    public bool UsesAbuseMonitoring => ApiVersion == AbuseMonitoringApiVersion;

    /// <summary>The liveness-session base address: <c>{Endpoint}/face/{ApiVersion}/</c>.</summary>
    public Uri SessionsBaseAddress =>
        new($"{(Endpoint ?? throw new InvalidOperationException("Face:Endpoint is not set.")).GetLeftPart(UriPartial.Path).TrimEnd('/')}/face/{ApiVersion}/");
}
