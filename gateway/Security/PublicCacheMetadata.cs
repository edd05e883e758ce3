namespace Liveness.Gateway.Security;

/// <summary>
/// Endpoint metadata: a successful answer of this endpoint is public and may be cached for <see cref="MaxAge"/>
/// (the one exception to <see cref="SecurityHeadersMiddleware"/>'s <c>no-store</c>, for public documents such as
/// the JWK Set). Errors from the endpoint stay <c>no-store</c>.
/// </summary>
internal sealed record PublicCacheMetadata(TimeSpan MaxAge)
{
    public string CacheControl => $"public, max-age={(long)MaxAge.TotalSeconds}";
}
