using Liveness.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway (its own Program, root appsettings.json and YARP routes) with test settings on
/// top, its logs captured. With <see cref="UseRealPort"/> it listens on a Kestrel loopback port, so
/// several instances can run side by side like replicas.
/// </summary>
public sealed class GatewayApp(IReadOnlyDictionary<string, string?> settings, string environment = "Testing", Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public LogCapture Logs { get; } = new();

    /// <summary>With <see cref="UseRealPort"/>: the management port (<c>/metrics</c>), a free one unless the settings name it.</summary>
    public int? ManagementPort { get; private set; }

    /// <summary>Listen on a real loopback port (call before the first client is created).</summary>
    public GatewayApp UseRealPort()
    {
        UseKestrel(FreePort.Next());
        ManagementPort = settings.TryGetValue("Management:Port", out var port) && port is not null
            ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)
            : FreePort.Next(); // the default (8081) would collide between gateways running side by side
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // UseSetting reaches code that reads configuration while the app is being built;
        // the in-memory source (added last) wins over the root appsettings.json.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        if (ManagementPort is { } managementPort)
        {
            var management = new Dictionary<string, string?> { ["Management:Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            builder.UseSetting("Management:Port", management["Management:Port"]);
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(management));
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(Logs);
        });
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
