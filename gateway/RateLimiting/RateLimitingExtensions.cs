using Liveness.Gateway.Face;
using Liveness.Policies.RateLimiting;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The gateway's limits: per-user policies for ASP.NET Core's rate limiter (attached to routes by name with
/// YARP's <c>RateLimiterPolicy</c>; <c>app.UseRateLimiter()</c> runs after authorization, so an anonymous
/// request is 401 and spends nothing), and the deployment-wide Face budget, spent in YARP's proxy pipeline
/// and by the gateway's own Face calls.
/// </summary>
internal static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimits();
        builder.Services.AddSingleton<RateLimitMetrics>();
        builder.Services.AddSingleton<RateLimitRejection>();
        builder.Services.AddSingleton<UpstreamBudgetGate>();
        builder.Services.AddTransient<UpstreamBudgetHandler>();

        // Added after the Face client's other handlers, so it is the innermost: every attempt that reaches Face spends a permit.
        builder.Services.AddHttpClient<FaceSessionClient>().AddHttpMessageHandler<UpstreamBudgetHandler>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, SessionCreationLimitPolicy>(RateLimitPolicyNames.SessionCreation);
            options.AddPolicy<string, SessionReadLimitPolicy>(RateLimitPolicyNames.SessionReads);
        });
        return builder;
    }

    /// <summary>Spends the Face budget for each request the proxy pipeline is about to forward (after the session policy and the result cache).</summary>
    public static IReverseProxyApplicationBuilder UseUpstreamBudget(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<UpstreamBudgetMiddleware>();
        return proxy;
    }
}
