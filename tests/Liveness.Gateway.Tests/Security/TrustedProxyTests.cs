using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Security;

/// <summary>
/// The end user's address sent to Face as <c>expectedClientIpAddress</c> (API <c>v1.3-preview.1</c>) is the
/// connection's peer, or the <c>X-Forwarded-For</c> entry a configured trusted proxy added; a header from any other
/// peer is ignored, and trusting a proxy changes nothing else (scheme, host, health probes).
/// </summary>
public sealed class TrustedProxyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task XForwardedFor_FromAnUntrustedPeer_IsIgnored()
    {
        // A proxy is trusted, but not the peer (127.0.0.1) the request comes from.
        await using var gateway = PreviewGateway(new() { ["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9" });

        var address = await ExpectedClientAddressAsync(gateway, "203.0.113.50");

        Assert.Equal("127.0.0.1", address);
    }

    [Fact]
    public async Task XForwardedFor_NoProxyConfigured_IsIgnoredEvenFromLoopback()
    {
        await using var gateway = PreviewGateway([]);

        var address = await ExpectedClientAddressAsync(gateway, "203.0.113.50");

        Assert.Equal("127.0.0.1", address);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task XForwardedFor_FromATrustedProxy_IsTheEndUsersAddress(string key, string value)
    {
        await using var gateway = PreviewGateway(new() { [key] = value });

        var address = await ExpectedClientAddressAsync(gateway, "203.0.113.50");

        Assert.Equal("203.0.113.50", address);
    }

    [Fact]
    public async Task XForwardedFor_OnlyTheTrustedHopsAreRead()
    {
        // One trusted proxy (ForwardLimit 1): the entry it appended (the rightmost), not what the client put before it.
        await using var gateway = PreviewGateway(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        var address = await ExpectedClientAddressAsync(gateway, "192.0.2.66, 203.0.113.50");

        Assert.Equal("203.0.113.50", address);
    }

    [Fact]
    public async Task TrustedProxy_SchemeHostAndProbes_AreUnchanged()
    {
        await using var gateway = PreviewGateway(new() { ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        using var forwarded = new HttpRequestMessage(HttpMethod.Post, "/api/liveness/sessions");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.50");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-Host", "evil.example");
        var viaProxy = await client.SendAsync(forwarded);

        var created = await viaProxy.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/liveness/sessions/{created.GetProperty("sessionId").GetString()}", viaProxy.Headers.Location!.ToString());

        using var probe = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        probe.Headers.Add("X-Forwarded-For", "203.0.113.50");
        probe.Headers.Add("X-Forwarded-Proto", "https");
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SendAsync(probe)).StatusCode);
    }

    [Fact]
    public async Task TrustedProxy_CreationLimit_StillCountsPerUserWhateverTheAddress()
    {
        await using var gateway = PreviewGateway(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/liveness/sessions");
        first.Headers.Add("X-Forwarded-For", "203.0.113.50");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/liveness/sessions");
        second.Headers.Add("X-Forwarded-For", "198.51.100.60");

        await (await client.SendAsync(first)).ReadJsonAsync(HttpStatusCode.Created);
        await (await client.SendAsync(second)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.300")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "0.0.0.0/0")]
    [InlineData("ForwardedHeaders:ForwardLimit", "0")]
    public async Task Start_InvalidTrustedProxySetting_FailsNamingIt(string key, string value)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = value });

        var invalid = StartupFailures.FindValidationFailure(Record.Exception(gateway.StartServer));

        Assert.NotNull(invalid);
        Assert.Contains(key, invalid.Message, StringComparison.Ordinal);
    }

    private GatewayApp PreviewGateway(Dictionary<string, string?> settings)
    {
        settings["Face:ApiVersion"] = "v1.3-preview.1";
        settings["Face:AbuseMonitoring:CorrelationSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        return fixture.CreateGateway(settings).UseRealPort();
    }

    /// <summary>Creates a session with <paramref name="forwardedFor"/> as <c>X-Forwarded-For</c>; the address Face was told.</summary>
    private async Task<string?> ExpectedClientAddressAsync(GatewayApp gateway, string forwardedFor)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/liveness/sessions");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        await (await client.SendAsync(request)).ReadJsonAsync(HttpStatusCode.Created);
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        return JsonDocument.Parse(call.Body!).RootElement.GetProperty("expectedClientIpAddress").GetString();
    }
}
