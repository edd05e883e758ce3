using System.Net.Http.Headers;
using Liveness.Samples.AssertionVerifier;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>
/// The sample backend (samples/AssertionVerifier) in-process: stock JwtBearer fetching the keys from a gateway's
/// JWK Set over real HTTP. Each instance starts with an empty key cache, like a backend just deployed.
/// </summary>
public sealed class AssertionVerifierApp(Uri gateway, string audience, string issuer = Infrastructure.GatewayFixture.AssertionIssuer)
    : WebApplicationFactory<JwksRetriever>
{
    public const string WhoPassedPath = "/who-passed";

    /// <summary>GET /who-passed with <paramref name="assertion"/> in the Liveness-Assertion header (or as a bearer token).</summary>
    public async Task<HttpResponseMessage> WhoPassedAsync(string assertion, bool asBearer = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoPassedPath);
        if (asBearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", assertion);
        }
        else
        {
            request.Headers.Add(LivenessAssertionAuthentication.HeaderName, assertion);
        }

        using var client = CreateClient();
        return await client.SendAsync(request);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["LivenessAssertions:JwksUri"] = new Uri(gateway, "/.well-known/jwks.json").AbsoluteUri,
            ["LivenessAssertions:Issuer"] = issuer,
            ["LivenessAssertions:Audience"] = audience,
            ["LivenessAssertions:RequireHttps"] = "false", // the gateway under test listens on loopback HTTP
        };
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }
}
