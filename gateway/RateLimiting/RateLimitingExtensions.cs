using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The gateway's limits: per-user policies for ASP.NET Core's rate limiter (attached to routes by name with
/// YARP's <c>RateLimiterPolicy</c>; <c>app.UseRateLimiter()</c> runs after authorization, so an anonymous
/// request is 401 and spends nothing), and the deployment-wide Face budget, spent by each attempt of every
/// Face call, proxied or the gateway's own (<see cref="UpstreamBudgetGate"/>, used by <c>Face/FaceHttpPipeline</c>), and
/// the failed-check cooldown the session creates check (<see cref="IFailedCheckThrottle"/>).
/// </summary>
internal static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddUpstreamBudget();
        builder.Services.AddFailedCheckThrottle();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, SessionCreationLimitPolicy>(RateLimitPolicyNames.SessionCreation);
            options.AddPolicy<string, SessionReadLimitPolicy>(RateLimitPolicyNames.SessionReads);
        });
        return builder;
    }

    /// <summary>
    /// The deployment-wide Face budget and the answer to a refusal (the limits' shared state, their metrics). Used by
    /// the Face HTTP pipeline (<c>AddFace</c>) and by the per-user limits; adding it twice adds nothing.
    /// </summary>
    public static IServiceCollection AddUpstreamBudget(this IServiceCollection services)
    {
        services.AddRateLimits();
        services.TryAddSingleton<RateLimitMetrics>();
        services.TryAddSingleton<RateLimitRejection>();
        services.TryAddSingleton<UpstreamBudgetGate>();
        return services;
    }
}
