using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Resilience;

/// <summary>
/// Resilience toward Face: retries for idempotent reads, a circuit breaker and attempt timeouts on the proxied
/// calls, and a safe retry for the gateway's own calls (<see cref="FacePipelines"/>), applied by the Face HTTP
/// pipeline (<c>Face/FaceHttpPipeline</c>).
/// </summary>
internal static class ResilienceExtensions
{
    /// <summary>Part of <c>AddFace</c> (the Face HTTP pipeline applies these); not called on its own.</summary>
    public static WebApplicationBuilder AddFaceResilience(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaceResilienceOptions>().BindConfiguration(FaceResilienceOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaceResilienceOptions>, FaceResilienceOptionsValidator>();
        FacePipelines.Register(builder.Services);

        // YARP's forwarder logs the calls the gateway held back as warnings with a stack trace (ForwarderRefusalLogger).
        var forwarder = typeof(IHttpForwarder).Assembly.GetType("Yarp.ReverseProxy.Forwarder.HttpForwarder", throwOnError: true)!;
        builder.Services.AddSingleton(typeof(ILogger<>).MakeGenericType(forwarder), typeof(ForwarderRefusalLogger<>).MakeGenericType(forwarder));
        return builder;
    }
}
