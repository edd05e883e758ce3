using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>How Face's failures reach clients: problem+json, never a 500, never the key.</summary>
public sealed class UpstreamErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    public Task DisposeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    [Fact]
    public async Task Create_FaceRefusesGatewayKey_Returns502AndLogsWhyWithoutKey()
    {
        var wrongKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Face:ApiKey"] = wrongKey });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.DoesNotContain(wrongKey, problem.ToString(), StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2005 && e.Message.Contains("401", StringComparison.Ordinal));
        Assert.DoesNotContain(wrongKey, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FaceAnswers429_Returns429WithRetryAfter()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 1, retryAfterSeconds: 7);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "429");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Read_FaceAnswers500_Returns502Problem()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError, count: 5);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Read_FaceDropsConnection_Returns502Problem()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection, count: 5);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Read_FaceSlowerThanRouteTimeout_Returns504Problem()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["ReverseProxy:Routes:liveness-read:Timeout"] = "00:00:01" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(5));

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task Read_FaceSessionNotFound_Returns404CarryingFaceCode()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        using (var face = fixture.Emulator.CreateFaceClient())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await face.DeleteAsync($"detectLiveness-sessions/{sessionId}")).StatusCode);
        }

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
    }
}
