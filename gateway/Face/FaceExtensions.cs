using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Face;

/// <summary>Registers the Face upstream: its options, the gateway's credential and <see cref="FaceSessionClient"/>.</summary>
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
                var other => throw new InvalidOperationException($"Face:Credential '{other}' is not available in this build."),
            });
        builder.Services.AddTransient<FaceCredentialHandler>();
        builder.Services.AddHttpClient<FaceSessionClient>((services, client) =>
            {
                client.BaseAddress = services.GetRequiredService<IOptions<FaceOptions>>().Value.SessionsBaseAddress;
                client.Timeout = TimeSpan.FromSeconds(15);
            })
            .AddHttpMessageHandler<FaceCredentialHandler>();
        return builder;
    }
}
