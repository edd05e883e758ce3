using System.Net;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>
/// <c>Sessions:ClientResultView</c>: <c>Full</c> (the default) answers the owner's reads with Face's JSON;
/// <c>Decision</c> with the session id, status, decision and, for verify, the match, on fresh and cached reads alike.
/// </summary>
public sealed class ClientResultViewTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Read_DefaultView_IsFacesJson()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");

        var result = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        var attempt = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result");
        Assert.Equal("realface", attempt.GetProperty("livenessDecision").GetString());
        Assert.True(attempt.TryGetProperty("digest", out _));
        Assert.True(result.TryGetProperty("modelVersion", out _));
    }

    [Fact]
    public async Task Read_DecisionView_FreshAndCached_OnlySessionIdStatusAndDecision()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Sessions:ClientResultView"] = "Decision" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);
        var running = await ReadAsync(client, $"/api/liveness/sessions/{sessionId}");
        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface", sessionImage: true);

        var fresh = await ReadAsync(client, $"/api/liveness/sessions/{sessionId}");
        var before = await fixture.Emulator.Control.GetCallsAsync();
        var cached = await ReadAsync(client, $"/api/liveness/sessions/{sessionId}");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal($$"""{"sessionId":"{{sessionId}}","status":"Running","decision":null}""", running);
        Assert.Equal($$"""{"sessionId":"{{sessionId}}","status":"Succeeded","decision":"spoofface"}""", fresh);
        Assert.Equal(fresh, cached);
    }

    [Fact]
    public async Task Read_DecisionView_VerifySession_AddsIsIdenticalOnly()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Sessions:ClientResultView"] = "Decision" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var form = TestImages.VerifyForm(TestImages.Png());
        var sessionId = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", matchConfidence: 0.2, isIdentical: false);

        var fresh = await ReadAsync(client, $"/api/liveness-with-verify/sessions/{sessionId}");
        var cached = await ReadAsync(client, $"/api/liveness-with-verify/sessions/{sessionId}");

        Assert.Equal($$"""{"sessionId":"{{sessionId}}","status":"Succeeded","decision":"realface","isIdentical":false}""", fresh);
        Assert.Equal(fresh, cached);
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var parsed = JsonDocument.Parse(body); // well-formed JSON
        return body;
    }
}
