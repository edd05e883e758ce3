using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Results;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The Face routes: YARP, configured from the <c>ReverseProxy</c> section of the root appsettings.json
/// (routes, path rewrites, per-route policies), plus what configuration cannot say.
/// </summary>
internal static class LivenessProxyExtensions
{
    public static WebApplicationBuilder AddLivenessProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FaceResponseHandler>();
        builder.Services.AddSingleton<VerifyUploadGate>();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<FaceClusterConfigFilter>()
            .AddTransforms<LivenessTransformProvider>();
        return builder;
    }

    public static WebApplication MapLivenessProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<SessionPolicyMiddleware>();
            proxy.UseFinishedResults();
            proxy.UseUpstreamBudget();
            proxy.UseMiddleware<ForwarderErrorMiddleware>();
        });
        return app;
    }
}
