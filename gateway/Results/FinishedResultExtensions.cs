namespace Liveness.Gateway.Results;

/// <summary>Finished results are bought from Face once, then answered from the cache (see <see cref="FinishedResultMiddleware"/>).</summary>
internal static class FinishedResultExtensions
{
    /// <summary>Answers reads of finished sessions from the cache; place right after the session policy.</summary>
    public static IReverseProxyApplicationBuilder UseFinishedResults(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<FinishedResultMiddleware>();
        return proxy;
    }
}
