using Liveness.Gateway.AbuseMonitoring;
using Liveness.Gateway.Deletions;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The Face routes: YARP, configured from the <c>ReverseProxy</c> section of the root appsettings.json
/// (routes, path rewrites, per-route policies), plus what configuration cannot say.
/// </summary>
internal static class LivenessProxyExtensions
{
    public static WebApplicationBuilder AddLivenessProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSessionPolicy();
        builder.AddAbuseMonitoring(); // creates carry its fields with Face API v1.3-preview.1
        builder.Services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PublicUrlOptions>, PublicUrlOptionsValidator>();
        builder.Services.AddVerdicts(); // reads record the verdict and failed checks; creates check the cooldown
        builder.Services.AddFailedCheckThrottle();
        builder.Services.AddSessionDeletions(); // creates and reads schedule the deletion at Face
        builder.Services.AddSingleton<OwnedSessions>();
        builder.Services.AddSingleton<OwnedSessionImages>();
        builder.Services.AddOptions<DetectFromSessionImageOptions>().BindConfiguration(DetectFromSessionImageOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DetectFromSessionImageOptions>, DetectFromSessionImageOptionsValidator>();
        builder.Services.TryAddSingleton<SessionOutcomes>();
        builder.Services.AddSingleton<VerifyUploadGate>();
        builder.Services.AddFaceOperation<CreateLivenessSession>();
        builder.Services.AddFaceOperation<CreateLivenessWithVerifySession>();
        builder.Services.AddFaceOperation<ReadSession>();
        builder.Services.AddFaceOperation<DeleteSession>();
        builder.Services.AddFaceOperation<ReadSessionImage>();
        builder.Services.AddFaceOperation<DetectFromSessionImage>();
        builder.Services.AddSingleton<FaceOperations>();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<FaceClusterConfigFilter>()
            .AddTransforms<LivenessTransformProvider>();
        return builder;
    }

    /// <summary>
    /// Registers a Face operation: the routes whose <c>Liveness.Operation</c> metadata names it (and a kind it
    /// serves) are performed by it. Adding an operation is its class and this line (and its routes in the route table).
    /// </summary>
    public static IServiceCollection AddFaceOperation<TOperation>(this IServiceCollection services)
        where TOperation : FaceOperation
    {
        services.AddSingleton<FaceOperation, TOperation>();
        return services;
    }

    public static WebApplication MapLivenessProxy(this WebApplication app)
    {
        var operations = app.Services.GetRequiredService<FaceOperations>();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<FaceOperationMiddleware>();
        }).ConfigureEndpoints((endpoint, route) => AttachOperation(endpoint, route, operations));
        return app;
    }

    /// <summary>
    /// Parses each route's operation once, when its endpoint is built from configuration, and attaches it
    /// as typed metadata: the <see cref="LivenessRoute"/> and the <see cref="FaceOperation"/> that performs
    /// it (<see cref="LivenessRoute.Of"/>, <see cref="FaceOperation.Of"/>). An invalid value never gets this
    /// far: the transform validation refuses the configuration at startup.
    /// </summary>
    private static void AttachOperation(IEndpointConventionBuilder endpoint, RouteConfig route, FaceOperations operations)
    {
        if (operations.TryRead(route, out var liveness, out var operation, out _) && liveness is not null && operation is not null)
        {
            endpoint.WithMetadata(liveness, operation);
        }
    }
}
