using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>With Redis stopped, creation still fails closed, and any read still served keeps a (per-replica) limit.</summary>
public sealed class RedisFallbackTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public Task DisposeAsync() => fixture.Redis.StartAgainAsync();

    [Fact]
    public async Task Read_RedisDown_OwnerStillServedWithinFallbackLimit_ThenRefused()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionReads:PermitLimit"] = "2",
            ["RateLimiting:SessionReads:Window"] = "00:01:00",
        });
        using var owner = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Redis.StopAsync();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        var refused = await owner.GetAsync($"/api/liveness/sessions/{sessionId}");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.True(GatewayRequests.RetryAfterSeconds(refused) >= 1);
        var reads = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(2, reads);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 3101);
    }

    [Fact]
    public async Task Create_RedisDown_Returns503NotLimitedNor500_AndReachesNoFace()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "2" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Redis.StopAsync();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        // Within the fallback allowance: refused closed (no owner could be recorded); beyond it: the limit.
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }
}
