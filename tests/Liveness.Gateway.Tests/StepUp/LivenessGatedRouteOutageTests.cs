using System.Net;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.StepUp;

/// <summary>Redis stopped: a gated route fails closed (503), never forwarded without a verdict check.</summary>
public sealed class LivenessGatedRouteOutageTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private AppBackend _app = null!;

    public async Task InitializeAsync()
    {
        await fixture.EnsureRedisAsync();
        _app = await AppBackend.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await fixture.Redis.StartAgainAsync();
    }

    [Fact]
    public async Task GatedRoute_RedisDown_503VerdictStoreUnavailable_NothingReachesTheApp()
    {
        await using var gateway = fixture.CreateGateway(LivenessGatedRouteTests<GatewayFixture>.AppRoutes(_app.Address));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/app/recent/orders")).StatusCode);

        await fixture.Redis.StopAsync();
        var response = await client.GetAsync("/api/app/recent/orders");

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "VerdictStoreUnavailable");
        Assert.Single(_app.Received);
    }
}
