using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// Makes Kestrel listen on <see cref="ManagementOptions.Port"/> in addition to the public URLs, on
/// <see cref="ManagementOptions.Host"/> or, when that is unset, on the hosts the public URLs listen on
/// (loopback public URLs: loopback management port; a wildcard among them: that wildcard).
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

        var addresses = feature.Addresses.Count > 0 ? [.. feature.Addresses] : ConfiguredAddresses(feature);
        var management = ManagementAddresses(options.Value, addresses);
        feature.Addresses.Clear();

        // First, so that whoever reads "the last address" (WebApplicationFactory) finds a public one.
        foreach (var address in management.Concat(addresses))
        {
            feature.Addresses.Add(address);
        }

        var listening = string.Join(' ', management);
        Log.ManagementPort(logger, options.Value.Port, listening);
        return Task.CompletedTask;
    }

    /// <summary>Whether <paramref name="host"/> can stand in a listen address: <c>*</c>, <c>+</c>, an IP address or a DNS name.</summary>
    public static bool IsHost(string host) =>
        host is "*" or "+" || IPAddress.TryParse(host.Trim('[', ']'), out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;

    /// <summary>The management port's listen addresses, for the given public <paramref name="publicAddresses"/>.</summary>
    public static IReadOnlyList<string> ManagementAddresses(ManagementOptions options, IEnumerable<string> publicAddresses)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publicAddresses);
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            return [Address(options.Host.Trim(), options.Port)];
        }

        List<string> hosts = [];
        foreach (var address in publicAddresses)
        {
            if (!TryHostOf(address, out var host))
            {
                continue; // a Unix socket or named pipe: no interface to follow
            }

            if (IsAnyHost(host))
            {
                return [Address(host, options.Port)]; // every interface already; another host would collide
            }

            if (!hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                hosts.Add(host);
            }
        }

        return hosts.Count == 0 ? [Address("localhost", options.Port)] : [.. hosts.Select(host => Address(host, options.Port))];
    }

    private static bool TryHostOf(string address, out string host)
    {
        host = string.Empty;
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe || string.IsNullOrEmpty(binding.Host))
        {
            return false;
        }

        host = binding.Host;
        return true;
    }

    private static bool IsAnyHost(string host) =>
        host is "*" or "+" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    private static string Address(string host, int port)
    {
        var bracketed = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 && !host.StartsWith('[') ? $"[{host}]" : host;
        return string.Create(CultureInfo.InvariantCulture, $"http://{bracketed}:{port}");
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
