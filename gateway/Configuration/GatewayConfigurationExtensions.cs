using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Liveness.Gateway.Configuration;

/// <summary>Where the gateway's configuration comes from, beyond ASP.NET Core's defaults.</summary>
internal static class GatewayConfigurationExtensions
{
    /// <summary>Section listing directories read with the key-per-file provider (mounted ConfigMaps and Secrets).</summary>
    public const string KeyPerFilePathsKey = "KeyPerFile:Paths";

    /// <summary>
    /// Adds the repository-root <c>appsettings.json</c> (copied next to the assembly at build) in the place
    /// of the content root's own, so <c>appsettings.{Environment}.json</c>, user secrets, environment
    /// variables and the command line still override it; then each <c>KeyPerFile:Paths</c> directory,
    /// reloaded on change (a file named <c>Face__ApiKey</c> sets <c>Face:ApiKey</c>).
    /// </summary>
    public static WebApplicationBuilder AddGatewayConfiguration(this WebApplicationBuilder builder)
    {
        var baseDirectory = AppContext.BaseDirectory;
        var rootSettings = Path.Combine(baseDirectory, "appsettings.json");
        var contentRootSettings = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        if (!string.Equals(Path.GetFullPath(rootSettings), Path.GetFullPath(contentRootSettings), StringComparison.Ordinal))
        {
            var sources = builder.Configuration.Sources;
            var position = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
            var source = new JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = false,
                // Baked into the image: settings that change at run time come from KeyPerFile:Paths.
                // No watcher also means no inotify instance, which FileConfigurationProvider never releases.
                ReloadOnChange = false,
                FileProvider = new PhysicalFileProvider(baseDirectory),
            };
            if (position < 0)
            {
                sources.Insert(0, source);
            }
            else
            {
                sources.Insert(position, source);
            }
        }

        foreach (var directory in builder.Configuration.GetSection(KeyPerFilePathsKey).Get<string[]>() ?? [])
        {
            builder.Configuration.AddKeyPerFile(directory, optional: false, reloadOnChange: true);
        }

        return builder;
    }
}
