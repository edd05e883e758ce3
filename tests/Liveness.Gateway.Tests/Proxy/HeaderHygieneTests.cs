using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>What crosses the gateway: checked on what the emulator received and what the client got back.</summary>
public sealed class HeaderHygieneTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task ForwardedRequest_CallerCredentialsAndExtraHeaders_NeverReachFace()
    {
        var token = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser());
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/liveness/sessions?debug=1&api-version=v1.0")
        {
            Content = JsonContent.Create(new { livenessOperationMode = "Passive" }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Cookie", "session=secret-cookie");
        request.Headers.Add("Ocp-Apim-Subscription-Key", "client-supplied-key");
        request.Headers.Add("Ocp-Apim-Trace", "true");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        request.Headers.Add("X-Custom-Header", "anything");
        request.Headers.Add("X-Request-Id", "client-request-id"); // a browser may send it (Cors:AllowedHeaders): still not forwarded
        request.Headers.Add("LimitedAccessToken", "Bearer something");

        var response = await client.SendAsync(request);
        await response.ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        Assert.Equal(EmulatorCalls.HashCredential(fixture.Emulator.ApiKey), call.Header("Ocp-Apim-Subscription-Key"));
        Assert.Null(call.Header("Authorization"));
        Assert.Null(call.Header("Cookie"));
        Assert.DoesNotContain(call.Headers.Keys, name => name.StartsWith("Ocp-Apim-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Ocp-Apim-Subscription-Key", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(call.Headers.Keys, name => name.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase));
        Assert.Null(call.Header("X-Custom-Header"));
        Assert.Null(call.Header("X-Request-Id"));
        Assert.Null(call.Header("LimitedAccessToken"));
        Assert.True(string.IsNullOrEmpty(call.Query) || call.Query == "?", $"query forwarded: {call.Query}");
        Assert.Equal("/face/v1.2/detectLiveness-sessions", call.Path);
    }

    [Fact]
    public async Task Response_FaceBillingAndInfrastructureHeaders_NotPassedToClient()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var create = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
        var sessionId = (await create.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var read = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        foreach (var response in new[] { create, read })
        {
            var names = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).ToList();
            Assert.DoesNotContain(names, n => n.Equals("CSP-Billing-Usage", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => n.Equals("x-ms-region", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => n.StartsWith("x-envoy", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => n.Equals("Server", StringComparison.OrdinalIgnoreCase));
            Assert.True(Guid.TryParse(response.Headers.GetValues("apim-request-id").Single(), out _));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task GatewayErrors_CarrySecurityHeaders()
    {
        using var client = fixture.Gateway.CreateClient();
        var response = await client.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
