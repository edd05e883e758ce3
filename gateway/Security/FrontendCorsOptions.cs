namespace Liveness.Gateway.Security;

/// <summary>Browser origins of the web apps allowed to call the gateway (section <c>Cors</c>). None by default.</summary>
internal sealed record FrontendCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>The CORS policy name routes refer to.</summary>
    public const string PolicyName = "Frontends";

    /// <summary>The request headers every allowed origin may send: the gateway cannot be used without them.</summary>
    public static readonly IReadOnlyList<string> RequiredHeaders = ["Authorization", "Content-Type"];

    /// <summary>What <see cref="AllowedHeaders"/> is when not configured: the headers web apps add by habit (tracing, request ids).</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedHeaders = ["x-ms-client-request-id", "X-Request-Id", "traceparent", "tracestate", "baggage"];

    /// <summary>
    /// The response headers a web app may read besides the CORS-safelisted ones: where a created session is, how
    /// long to wait, the correlation id, and why a token was refused.
    /// </summary>
    public static readonly IReadOnlyList<string> ExposedHeaders = ["Location", "Retry-After", "apim-request-id", "WWW-Authenticate"];

    /// <summary>Exact origins such as <c>https://app.example.com</c>; no wildcards. Empty: no cross-origin browser access.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Request headers a preflight may ask for besides <see cref="RequiredHeaders"/>; unset: <see cref="DefaultAllowedHeaders"/>,
    /// set: exactly these. Allowing a header lets the browser send it, nothing more: the gateway trusts none of them
    /// (trace context from clients is not extracted, and none is forwarded to Face).
    /// </summary>
    public IReadOnlyList<string>? AllowedHeaders { get; init; }

    /// <summary>Every request header an allowed origin may send.</summary>
    public IReadOnlyList<string> RequestHeaders => [.. RequiredHeaders, .. AllowedHeaders ?? DefaultAllowedHeaders];
}
