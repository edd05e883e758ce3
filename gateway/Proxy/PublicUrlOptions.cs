namespace Liveness.Gateway.Proxy;

/// <summary>How clients reach the gateway (section <c>Gateway</c>).</summary>
internal sealed record PublicUrlOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// The gateway's public base URL as clients call it (e.g. <c>https://api.example.com</c>, or with the path an
    /// ingress mounts it under). Set: a create's <c>Location</c> is this URL plus the route path (absolute).
    /// Unset (the default): <c>Location</c> is the route path only, relative to the URL the client called.
    /// </summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>What a created resource's <c>Location</c> says for <paramref name="path"/> (starting with <c>/</c>).</summary>
    public string LocationOf(string path) =>
        PublicBaseUrl is { } baseUrl ? baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path : path;
}
