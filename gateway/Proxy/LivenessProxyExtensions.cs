using Liveness.Policies.Sessions;
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
        builder.Services.AddSingleton<OwnedSessions>();
        builder.Services.AddSingleton<CreateLivenessSession>();
        builder.Services.AddSingleton<CreateLivenessWithVerifySession>();
        builder.Services.AddSingleton<ReadSession>();
        builder.Services.AddSingleton<DeleteSession>();
        builder.Services.AddSingleton<ReadSessionImage>();
        builder.Services.AddSingleton<FaceOperations>();
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
        if (LivenessRoute.TryRead(route, out var liveness, out _) && liveness is not null)
        {
            endpoint.WithMetadata(liveness, operations.For(liveness));
        }
    }
}
