using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// Makes Kestrel listen on <see cref="ManagementOptions.Port"/> in addition to the public URLs.
/// Listening in code (<c>KestrelServerOptions.Listen</c>) would replace the URLs configured through
/// <c>ASPNETCORE_URLS</c> / <c>ASPNETCORE_HTTP_PORTS</c>, so the management address is added to the
/// server's address list instead, before the web host starts (<see cref="IHostedLifecycleService.StartingAsync"/>
/// runs before any hosted service starts). When the list is still empty, it is filled the way the web
/// host would fill it (<c>urls</c>, then <c>http_ports</c>/<c>https_ports</c>, then Kestrel's default).
/// Endpoints configured under <c>Kestrel:Endpoints</c> take precedence over any address list, this one included.
/// </summary>
internal sealed class ManagementPortBinder(IServer server, IConfiguration configuration, IOptions<ManagementOptions> options, ILogger<ManagementPortBinder> logger) : IHostedLifecycleService
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    private const string KestrelDefaultAddress = "http://localhost:5000";

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var feature = server.Features.Get<IServerAddressesFeature>();
        if (feature is null || feature.Addresses.IsReadOnly)
        {
            return Task.CompletedTask; // not Kestrel (the in-memory test server)
        }

        var management = string.Create(CultureInfo.InvariantCulture, $"http://*:{options.Value.Port}");
        var addresses = feature.Addresses.Count > 0 ? [.. feature.Addresses] : ConfiguredAddresses(feature);
        feature.Addresses.Clear();

        // First, so that whoever reads "the last address" (WebApplicationFactory) finds a public one.
        feature.Addresses.Add(management);
        foreach (var address in addresses)
        {
            feature.Addresses.Add(address);
        }

        Log.ManagementPort(logger, options.Value.Port);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private List<string> ConfiguredAddresses(IServerAddressesFeature feature)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = string.Join(';', Expand(configuration[WebHostDefaults.HttpPortsKey], "http").Concat(Expand(configuration[WebHostDefaults.HttpsPortsKey], "https")));
        }
        else if (bool.TryParse(configuration[WebHostDefaults.PreferHostingUrlsKey], out var prefer))
        {
            feature.PreferHostingUrls = prefer;
        }

        List<string> addresses = [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (addresses.Count == 0)
        {
            addresses.Add(KestrelDefaultAddress);
        }

        return addresses;
    }

    private static IEnumerable<string> Expand(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");
}
