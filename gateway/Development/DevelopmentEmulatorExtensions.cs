#if FACE_EMULATOR
using System.Security.Cryptography;
using Liveness.Emulator;
#endif

namespace Liveness.Gateway.Development;

/// <summary>
/// <c>dotnet run --project gateway</c> on a fresh clone needs no Azure resource: in Development, when
/// no <c>Face:Endpoint</c> is configured, the gateway starts the local Face emulator in-process (on
/// <c>DevelopmentEmulator:Url</c>, default http://127.0.0.1:5299) with a key minted at start, and says
/// so in its log. Never in other environments, and Release builds do not even contain the emulator.
/// </summary>
internal static partial class DevelopmentEmulatorExtensions
{
    public const string UrlKey = "DevelopmentEmulator:Url";
    public const string DefaultUrl = "http://127.0.0.1:5299";

    public static WebApplicationBuilder AddFaceEmulatorForDevelopment(this WebApplicationBuilder builder)
    {
#if FACE_EMULATOR
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrEmpty(builder.Configuration["Face:Endpoint"]))
        {
            return builder;
        }

        var url = builder.Configuration[UrlKey] ?? DefaultUrl;
        var key = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var emulator = FaceEmulator.Create([], emulatorBuilder =>
        {
            emulatorBuilder.Configuration["Emulator:ApiKey"] = key;
            emulatorBuilder.WebHost.UseUrls(url);
        });
        emulator.StartAsync().GetAwaiter().GetResult();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Face:Endpoint"] = url,
            ["Face:ApiKey"] = key,
            ["Face:Credential"] = "ApiKey",
        });
        builder.Services.AddHostedService(services => new EmulatorLifetime(emulator, url, services.GetRequiredService<ILogger<EmulatorLifetime>>()));
#endif
        return builder;
    }

#if FACE_EMULATOR
    private sealed partial class EmulatorLifetime(WebApplication emulator, string url, ILogger<EmulatorLifetime> logger) : IHostedService, IAsyncDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogEmulatorStarted(logger, url);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => emulator.StopAsync(cancellationToken);

        public ValueTask DisposeAsync() => emulator.DisposeAsync();

        [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Face:Endpoint is not set: serving Face from the local emulator at {Url} (Development only). Its control API is under {Url}/emulator/.")]
        private static partial void LogEmulatorStarted(ILogger logger, string url);
    }
#endif
}
