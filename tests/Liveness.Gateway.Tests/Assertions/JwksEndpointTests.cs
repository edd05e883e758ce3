using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary><c>GET /.well-known/jwks.json</c>: the public half of the signing keys, for anyone, cacheable, on the public port only.</summary>
public sealed class JwksEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Jwks_Anonymous_PublishesThePublicKeyOnlyCacheableForFiveMinutes()
    {
        using var anonymous = fixture.Gateway.CreateClient();

        var response = await anonymous.GetAsync("/.well-known/jwks.json");

        var body = await response.Content.ReadAsStringAsync();
        var jwks = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal(GatewayFixture.AssertionKey.Thumbprint, key.GetProperty("kid").GetString());
        var expected = GatewayFixture.AssertionKey.Key.ExportParameters(includePrivateParameters: false).Q;
        Assert.Equal(expected.X, Base64UrlEncoder.DecodeBytes(key.GetProperty("x").GetString()));
        Assert.Equal(expected.Y, Base64UrlEncoder.DecodeBytes(key.GetProperty("y").GetString()));
        Assert.Equal(["alg", "crv", "kid", "kty", "use", "x", "y"], key.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("\"d\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Base64UrlEncoder.Encode(GatewayFixture.AssertionKey.Key.ExportParameters(includePrivateParameters: true).D), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherAnswers_BesideTheJwks_StayNoStore()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        using var anonymous = fixture.Gateway.CreateClient();

        Assert.Equal("no-store", (await client.GetAsync("/api/liveness/sessions")).Headers.CacheControl?.ToString());
        Assert.Equal("no-store", (await anonymous.GetAsync("/api/liveness/sessions")).Headers.CacheControl?.ToString());
        Assert.Equal("no-store", (await anonymous.PostAsync("/.well-known/jwks.json", null)).Headers.CacheControl?.ToString());
        Assert.Equal("no-store", (await anonymous.GetAsync("/.well-known/jwks.json/x")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Jwks_OnTheManagementPort_IsNotServed()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = gateway.CreateClient();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/jwks.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/.well-known/jwks.json")).StatusCode);
    }
}
