using Liveness.Policies.RateLimiting;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The gateway's limits: per-user policies for ASP.NET Core's rate limiter (attached to routes by name with
/// YARP's <c>RateLimiterPolicy</c>; <c>app.UseRateLimiter()</c> runs after authorization, so an anonymous
/// request is 401 and spends nothing), and the deployment-wide Face budget, spent by each attempt of every
/// Face call, proxied or the gateway's own (<see cref="UpstreamBudgetGate"/>, used by <c>Face/FaceHttpPipeline</c>).
/// </summary>
internal static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimits();
        builder.Services.AddSingleton<RateLimitMetrics>();
        builder.Services.AddSingleton<RateLimitRejection>();
        builder.Services.AddSingleton<UpstreamBudgetGate>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, SessionCreationLimitPolicy>(RateLimitPolicyNames.SessionCreation);
            options.AddPolicy<string, SessionReadLimitPolicy>(RateLimitPolicyNames.SessionReads);
        });
        return builder;
    }
}
