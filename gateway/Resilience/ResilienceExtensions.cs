using Liveness.Gateway.Face;
using Liveness.Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Resilience;

/// <summary>
/// Resilience toward Face: retries for idempotent reads, a circuit breaker and attempt timeouts on
/// the proxied calls (<see cref="ResilientForwarderHttpClientFactory"/>), and a safe retry for the
/// gateway's own <see cref="FaceSessionClient"/>. See <see cref="FacePipelines"/>.
/// </summary>
internal static class ResilienceExtensions
{
    /// <summary>Call after <c>AddFace</c> (it extends the <see cref="FaceSessionClient"/> registration).</summary>
    public static WebApplicationBuilder AddFaceResilience(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaceResilienceOptions>().BindConfiguration(FaceResilienceOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaceResilienceOptions>, FaceResilienceOptionsValidator>();
        FacePipelines.Register(builder.Services);
        builder.Services.AddSingleton<IForwarderHttpClientFactory, ResilientForwarderHttpClientFactory>();

        // Handlers run in the order added: credential (AddFace), then retry, then the measurement of each attempt.
        var sessionClient = builder.Services.AddHttpClient<FaceSessionClient>();
        sessionClient.AddResilienceHandler(FacePipelines.SessionClient, FacePipelines.ConfigureSessionClient);
        sessionClient.AddHttpMessageHandler(services => new FaceTelemetryHandler(services.GetRequiredService<GatewayMetrics>()));
        return builder;
    }
}
