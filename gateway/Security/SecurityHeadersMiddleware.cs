namespace Liveness.Gateway.Security;

/// <summary>
/// Standard security headers on every response. The gateway serves JSON and images only, never
/// pages: nothing may frame, sniff or cache what it returns (create responses carry session tokens), except
/// the successful answers of an endpoint marked with <see cref="PublicCacheMetadata"/> (public documents).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.CacheControl = context.Response.StatusCode == StatusCodes.Status200OK
                && context.GetEndpoint()?.Metadata.GetMetadata<PublicCacheMetadata>() is { } cacheable
                    ? cacheable.CacheControl
                    : "no-store";
            headers.Remove("Server");
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
