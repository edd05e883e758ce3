using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// Another user's session and an id nobody created are refused the same way, by the same store route: one Redis
/// lookup each, among the caller's own keys, even though this replica remembers the other user's session, so the
/// refusal's timing is no existence oracle. (The time itself is measured in bench/, scenarios 3a and 3d.) On a
/// single Redis and on a Redis Cluster.
/// </summary>
public abstract class RefusalRouteTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    [Fact]
    public async Task Read_AnotherUsersRememberedSessionAndUnknownId_OneRedisLookupEach()
    {
        var intruderName = GatewayFixture.NewUser("intruder");
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"));
        using var intruder = fixture.ClientFor(intruderName);
        var owned = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var unknown = Guid.NewGuid().ToString();
        await using var monitor = await RedisMonitor.StartAsync(fixture.RedisPorts);

        await (await owner.GetAsync($"/api/liveness/sessions/{owned}")).ReadJsonAsync(HttpStatusCode.OK);
        var forOwner = await monitor.CountAsync($":session:{owned}\"");
        await (await intruder.GetAsync($"/api/liveness/sessions/{owned}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var forIntruder = await monitor.CountAsync($":session:{owned}\"") - forOwner;
        await (await intruder.GetAsync($"/api/liveness/sessions/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var forUnknown = await monitor.CountAsync($":session:{unknown}\"");

        Assert.Equal(0, forOwner); // the owner is still answered from this replica's memory
        Assert.Equal(1, forUnknown);
        Assert.Equal(forUnknown, forIntruder);
        var intruderKey = fixture.OwnerKeyOf(intruderName);
        Assert.Equal(1, await monitor.CountAsync($"\"{RedisOwnerKeys.Session(intruderKey, owned)}\"")); // asked among the intruder's own keys
        Assert.Equal(1, await monitor.CountAsync($"\"{RedisOwnerKeys.Session(intruderKey, unknown)}\""));
    }
}

/// <summary><see cref="RefusalRouteTests{TFixture}"/> on a single redis-server.</summary>
public sealed class RefusalRouteOnRedisTests(GatewayFixture fixture) : RefusalRouteTests<GatewayFixture>(fixture);

/// <summary><see cref="RefusalRouteTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class RefusalRouteOnClusterTests(ClusterGatewayFixture fixture) : RefusalRouteTests<ClusterGatewayFixture>(fixture);
