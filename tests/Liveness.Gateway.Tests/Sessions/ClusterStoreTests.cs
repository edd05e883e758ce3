using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// A Redis Cluster refuses the ownership write (a transaction over keys of different hash slots): the gateway
/// fails closed (503, the session deleted at Face) and is not ready, instead of keeping a billed session nobody owns.
/// </summary>
public sealed class ClusterStoreTests(ClusterGatewayFixture fixture) : IClassFixture<ClusterGatewayFixture>
{
    [Fact]
    public async Task Create_ClusterRefusesOwnershipWrite_Returns503AndDeletesThatSessionAtFace()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await fixture.Emulator.Control.ResetCallsAsync();

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        var calls = (await fixture.Emulator.Control.GetCallsAsync()).Requests;
        var created = Assert.Single(calls, c => c.Operation == EmulatorOperations.CreateLivenessSession);
        Assert.Equal(200, created.Status);
        var deleted = Assert.Single(calls, c => c.Operation == EmulatorOperations.DeleteLivenessSession);
        Assert.Equal(204, deleted.Status);
        var sessionId = deleted.Path.Split('/')[^1];
        var failed = Assert.Single(fixture.Gateway.Logs.Entries, e => e.EventId.Id == 2003); // the ownership write of the session Face created
        Assert.Equal(sessionId, failed.Values["SessionId"]);
        Assert.Contains("RedisCommandException", failed.Exception, StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<HttpRequestException>(() => fixture.Emulator.Control.StartSessionAsync(sessionId));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // Face keeps nothing
    }

    [Fact]
    public async Task Ready_ClusterRefusesOwnershipWrite_Returns503()
    {
        using var probes = fixture.Gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await probes.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probes.GetAsync("/health/ready")).StatusCode);
    }
}
