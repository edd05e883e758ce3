using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>The Face key, users' bearer tokens and session auth tokens never appear in a response they do not belong in, or in any log line.</summary>
public sealed class SecretLeakTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task FullFlowWithErrors_KeyAndTokens_NeverInResponsesOrLogs()
    {
        var bodies = new List<string>();
        var tokens = new List<string>();
        var user = GatewayFixture.NewUser();
        var bearer = fixture.Issuer.Tokens.Create(user);
        tokens.Add(bearer);
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);

        async Task<HttpResponseMessage> Keep(Task<HttpResponseMessage> call)
        {
            var response = await call;
            bodies.Add(string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}")));
            bodies.Add(await response.Content.ReadAsStringAsync());
            return response;
        }

        var create = await Keep(client.PostAsJsonAsync("/api/liveness/sessions", new { deviceCorrelationId = "dev\r\nInjected: yes" }));
        var created = await (await Keep(client.PostAsJsonAsync("/api/liveness/sessions", new { }))).ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        var authToken = created.GetProperty("authToken").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        await Keep(client.GetAsync($"/api/liveness/sessions/{sessionId}"));
        using var intruder = fixture.ClientFor("intruder");
        await Keep(intruder.GetAsync($"/api/liveness/sessions/{sessionId}"));
        await Keep(client.GetAsync("/api/liveness/sessions/../../face/v1.2/detectLiveness-sessions"));
        await Keep(client.DeleteAsync($"/api/liveness/sessions/{sessionId}"));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var afterCreate = string.Join('\n', bodies.Skip(4));
        Assert.DoesNotContain(fixture.Emulator.ApiKey, string.Join('\n', bodies), StringComparison.Ordinal);
        Assert.DoesNotContain(bearer, string.Join('\n', bodies), StringComparison.Ordinal);
        Assert.DoesNotContain(authToken, afterCreate, StringComparison.Ordinal);

        var logs = fixture.Gateway.Logs.AllText;
        Assert.DoesNotContain(fixture.Emulator.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(bearer, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(bearer.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(authToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected: yes", logs, StringComparison.Ordinal);
    }
}
