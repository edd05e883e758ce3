using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Liveness.Gateway.Telemetry;
using Liveness.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>
/// The Prometheus endpoint answers on the management port only, and nothing else does there; the port listens
/// where the public URLs do unless <c>Management:Host</c> says otherwise; the metrics do not name Face's host.
/// </summary>
public sealed class ManagementPortTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Metrics_OnManagementPort_ServesPrometheusText_NotOnPublicPort()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/liveness/sessions")).StatusCode);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        var scrape = await management.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("liveness_gateway_store_operation_duration_seconds_count{", text, StringComparison.Ordinal);
        await (await client.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterALimitAndADenial_ExportRejectionsByLimitAndDenialsByReason()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "1" }).UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        var text = await management.GetStringAsync("/metrics");

        Assert.Matches(@"liveness_gateway_rate_limit_rejections_total\{[^}]*limit=""session_creation""[^}]*\} 1", text);
        Assert.Matches(@"liveness_gateway_ownership_denials_total\{[^}]*reason=""not_owner""[^}]*\} 1", text);
        Assert.Contains("liveness_gateway_face_request_duration_seconds_count{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementPort_ServesProbesButNotTheApi()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        gateway.StartServer();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(GatewayFixture.NewUser()));

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/api/liveness/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.PostAsync("/api/liveness/sessions", new StringContent("{}"))).StatusCode);
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode); // the public port still answers
    }

    [Fact]
    public async Task ManagementPort_PublicUrlOnLoopback_ListensOnLoopbackOnly()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort(); // public URL http://127.0.0.1:{port}
        gateway.StartServer();
        var port = gateway.ManagementPort!.Value;

        var bound = Assert.Single(BoundAddresses(gateway), a => new Uri(a).Port == port);

        Assert.Equal($"http://127.0.0.1:{port}", bound);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health/live")).StatusCode);
        if (NonLoopbackAddress() is { } external)
        {
            using var socket = new Socket(external.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAnyAsync<SocketException>(async () => await socket.ConnectAsync(external, port));
        }
    }

    [Fact]
    public async Task ManagementPort_HostSetToEveryInterface_ListensOnEveryInterface()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Management:Host"] = "*" }).UseRealPort();
        gateway.StartServer();
        var port = gateway.ManagementPort!.Value;

        var bound = Assert.Single(BoundAddresses(gateway), a => new Uri(a).Port == port);

        Assert.Equal($"http://[::]:{port}", bound);
        if (NonLoopbackAddress() is { } external)
        {
            using var socket = new Socket(external.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(external, port);
            Assert.True(socket.Connected);
        }
    }

    [Theory]
    [InlineData(null, "http://localhost:5000", "http://localhost:8081")]
    [InlineData(null, "http://127.0.0.1:5000;http://[::1]:5000", "http://127.0.0.1:8081;http://[::1]:8081")]
    [InlineData(null, "http://*:8080", "http://*:8081")]
    [InlineData(null, "http://+:8080", "http://+:8081")]
    [InlineData(null, "http://0.0.0.0:8080;http://localhost:5000", "http://0.0.0.0:8081")]
    [InlineData(null, "http://localhost:5000;https://localhost:5001", "http://localhost:8081")]
    [InlineData(null, "http://unix:/run/gateway.sock", "http://localhost:8081")]
    [InlineData("*", "http://127.0.0.1:5000", "http://*:8081")]
    [InlineData("10.1.2.3", "http://*:8080", "http://10.1.2.3:8081")]
    [InlineData("::1", "http://*:8080", "http://[::1]:8081")]
    public void ManagementAddresses_FollowPublicHostsUnlessHostIsSet(string? host, string publicUrls, string expected)
    {
        var addresses = ManagementPortBinder.ManagementAddresses(new ManagementOptions { Port = 8081, Host = host }, publicUrls.Split(';'));

        Assert.Equal(expected.Split(';'), addresses);
    }

    [Fact]
    public async Task Metrics_AfterFaceCalls_DoNotNameFacesHost()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        var text = await management.GetStringAsync("/metrics");

        var outbound = text.Split('\n').Where(line => line.StartsWith("http_client_", StringComparison.Ordinal) || line.StartsWith("dns_lookup_", StringComparison.Ordinal)).ToList();
        Assert.Contains(outbound, line => line.StartsWith("http_client_request_duration_seconds_count{", StringComparison.Ordinal) && line.Contains("http_response_status_code=\"201\"", StringComparison.Ordinal));
        Assert.DoesNotContain(outbound, line => line.Contains("server_address=", StringComparison.Ordinal) || line.Contains("network_peer_address=", StringComparison.Ordinal) || line.Contains("dns_question_name=", StringComparison.Ordinal));
        Assert.DoesNotContain(outbound, line => line.Contains(fixture.Emulator.BaseAddress.Authority, StringComparison.Ordinal));
    }

    private static ICollection<string> BoundAddresses(GatewayApp gateway) =>
        gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

    /// <summary>An IPv4 address of this machine that is not loopback, if it has one.</summary>
    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
