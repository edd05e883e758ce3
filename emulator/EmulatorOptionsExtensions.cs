using Microsoft.Extensions.Options;

namespace Liveness.Emulator;

internal static class EmulatorOptionsExtensions
{
    private const string DefaultUrl = "http://127.0.0.1:5299";

    public static WebApplicationBuilder AddEmulatorOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// Listens on loopback port 5299 unless the caller chose addresses (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>HTTP_PORTS</c>, or <c>UseUrls</c> in the configure callback). The default is set in code rather than
    /// in an appsettings.json, which would be copied into the output of every project that references the emulator.
    /// </summary>
    public static WebApplicationBuilder UseDefaultUrlsWhenUnset(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>Validates the options now, so a bad setting fails before the server starts (one clear message).</summary>
    public static WebApplication ValidateEmulatorOptions(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        return app;
    }
}
