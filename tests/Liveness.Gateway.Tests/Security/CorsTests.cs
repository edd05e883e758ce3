using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Security;

/// <summary>Browsers: only configured origins get CORS, and the gateway answers their preflight itself.</summary>
public sealed class CorsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AllowedOrigin = "https://app.example.com";

    [Fact]
    public async Task Preflight_AllowedOrigin_AnsweredByGatewayWithoutFaceCall()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST"));

        Assert.True(response.IsSuccessStatusCode, $"got {(int)response.StatusCode}");
        Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Preflight_UnlistedOrigin_GetsNoCorsHeaders()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(Preflight($"/api/liveness/sessions/{Guid.NewGuid()}", "https://evil.example", "GET"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_DefaultConfiguration_AllowsNoOrigin()
    {
        using var client = fixture.Gateway.CreateClient();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
