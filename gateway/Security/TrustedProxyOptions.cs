namespace Liveness.Gateway.Security;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> the gateway believes (section <c>ForwardedHeaders</c>): the end user's
/// address it learns is sent to Face as <c>expectedClientIpAddress</c> (API <c>v1.3-preview.1</c>). By default none:
/// the header is never read, and the address is the connection's peer. Only the address is taken from the proxies;
/// the scheme and host are never (<c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are ignored).
/// </summary>
internal sealed record TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the trusted proxies (e.g. the ingress controller's), IPv4 or IPv6. Default none.</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (e.g. the ingress pods' <c>10.244.0.0/16</c>). Default none.</summary>
    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    /// <summary>How many trusted hops of <c>X-Forwarded-For</c> are read from the right, 1..10. Default 1 (one ingress).</summary>
    public int ForwardLimit { get; init; } = 1;

    /// <summary>Whether any proxy is trusted (otherwise <c>X-Forwarded-For</c> is not read at all).</summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
