using Liveness.Policies.Ownership;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Health;

/// <summary>
/// Kubernetes probes, always mapped: <c>/health/live</c> (the process answers) and <c>/health/ready</c>
/// (Redis, configuration, Face credential, identity provider keys loaded, not stopping). Anonymous, no detail in the answer (only
/// <c>Healthy</c>/<c>Unhealthy</c>), outside rate limiting, CORS and request timeouts. And the
/// graceful stop that turns readiness off first (<see cref="ShutdownDrain"/>).
/// </summary>
internal static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddGatewayHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout);
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());

        builder.Services.AddRedisConnection(); // RedisHealthCheck reads ConnectionStrings:Redis, wherever the store is registered
        builder.Services.AddHealthChecks()
            .AddCheck<DrainHealthCheck>("stopping", tags: [ReadyTag])
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag], timeout: RedisHealthCheck.ProbeTimeout * 2)
            .AddCheck<FaceCredentialHealthCheck>("face-credential", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<IdentityProviderHealthCheck>("identity-provider", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(10));
        return builder;
    }

    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        Probe(app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }));
        Probe(app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }));
        return app;
    }

    private static void Probe(IEndpointConventionBuilder endpoint) => endpoint
        .AllowAnonymous()
        .DisableRateLimiting()
        .DisableRequestTimeout()
        .WithMetadata(new DisableCorsAttribute());
}
