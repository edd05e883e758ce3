using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>A create's <c>Location</c>: relative to the URL called, or absolute under <c>Gateway:PublicBaseUrl</c>.</summary>
public sealed class LocationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com/api/liveness/sessions/")]
    [InlineData("https://example.com/face/", "https://example.com/face/api/liveness/sessions/")]
    public async Task Create_PublicBaseUrlSet_LocationIsAbsoluteUnderIt(string publicBaseUrl, string expectedPrefix)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Gateway:PublicBaseUrl"] = publicBaseUrl });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var sessionId = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        Assert.True(response.Headers.Location?.IsAbsoluteUri);
        Assert.Equal(expectedPrefix + sessionId, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_PublicBaseUrlUnset_LocationIsTheRoutePath()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var sessionId = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        Assert.Equal($"/api/liveness/sessions/{sessionId}", response.Headers.Location?.OriginalString);
    }
}
