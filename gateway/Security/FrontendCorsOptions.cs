namespace Liveness.Gateway.Security;

/// <summary>Browser origins of the web apps allowed to call the gateway (section <c>Cors</c>). None by default.</summary>
internal sealed record FrontendCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>The CORS policy name routes refer to.</summary>
    public const string PolicyName = "Frontends";

    /// <summary>Exact origins such as <c>https://app.example.com</c>; no wildcards. Empty: no cross-origin browser access.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
}
