using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Resilience;
using Liveness.Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Face;

/// <summary>
/// Registers the Face upstream: its options, the gateway's credential, and the one HTTP pipeline of every Face
/// call (<see cref="FaceHttpPipeline"/>), used by YARP's forwarder and by <see cref="FaceSessionClient"/>, with
/// everything that pipeline needs: the resilience pipelines, the Face budget and the metrics. It stands on its
/// own: the other registrations that share some of these add them the same way, once.
/// </summary>
internal static class FaceExtensions
{
    public static WebApplicationBuilder AddFace(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaceOptions>().BindConfiguration(FaceOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FaceOptions>, FaceOptionsValidator>();
        builder.Services.AddSingleton<IFaceCredential>(services =>
            services.GetRequiredService<IOptions<FaceOptions>>().Value.Credential switch
            {
                FaceCredentialKind.ApiKey => ActivatorUtilities.CreateInstance<ApiKeyFaceCredential>(services),
                FaceCredentialKind.EntraId => CreateEntraIdCredential(services),
                var other => throw new InvalidOperationException($"Face:Credential '{other}' is not available in this build."),
            });

        // The Entra ID identity: workload identity on AKS (AZURE_CLIENT_ID, AZURE_TENANT_ID and
        // AZURE_FEDERATED_TOKEN_FILE, set by the webhook), managed identity elsewhere in Azure; a
        // developer's own sign-in (Azure CLI, Visual Studio, ...) only in Development. A singleton in
        // DI, so another TokenCredential can stand in for it.
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ExcludeAzureCliCredential = !isDevelopment,
            ExcludeAzureDeveloperCliCredential = !isDevelopment,
            ExcludeAzurePowerShellCredential = !isDevelopment,
            ExcludeVisualStudioCredential = !isDevelopment,
            ExcludeInteractiveBrowserCredential = true,
        }));
        builder.AddFaceResilience();
        builder.Services.AddUpstreamBudget();
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<FaceHttpPipeline>();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, FaceForwarderHttpClientFactory>();
        builder.Services.AddHttpClient<FaceSessionClient>((services, client) =>
            {
                client.BaseAddress = services.GetRequiredService<IOptions<FaceOptions>>().Value.SessionsBaseAddress;
                client.Timeout = TimeSpan.FromSeconds(15);
            })
            .ConfigureAdditionalHttpMessageHandlers((handlers, services) =>
            {
                foreach (var handler in services.GetRequiredService<FaceHttpPipeline>().ForGatewayCalls())
                {
                    handlers.Add(handler);
                }
            });
        return builder;
    }

    private static EntraIdFaceCredential CreateEntraIdCredential(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<EntraIdFaceCredential>>();
        Log.UsingEntraId(logger, EntraIdFaceCredential.Scope);
        return ActivatorUtilities.CreateInstance<EntraIdFaceCredential>(services);
    }
}
