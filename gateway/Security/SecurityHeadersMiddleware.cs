namespace Liveness.Gateway.Security;

/// <summary>
/// Standard security headers on every response. The gateway serves JSON and images only, never
/// pages: nothing may frame, sniff or cache what it returns (create responses carry session tokens).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.CacheControl = "no-store";
            headers.Remove("Server");
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
