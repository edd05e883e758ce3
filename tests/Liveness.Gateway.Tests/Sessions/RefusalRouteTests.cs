using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// Another user's session and an id nobody created are refused the same way, by the same store route: one Redis
/// lookup each, even though this replica remembers the other user's session, so the refusal's timing is no
/// existence oracle. (The time itself is measured in bench/, scenarios 3a and 3d.)
/// </summary>
public sealed class RefusalRouteTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Read_AnotherUsersRememberedSessionAndUnknownId_OneRedisLookupEach()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"));
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var owned = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var unknown = Guid.NewGuid().ToString();
        await using var monitor = await RedisMonitor.StartAsync(fixture.Redis.Port);

        await (await owner.GetAsync($"/api/liveness/sessions/{owned}")).ReadJsonAsync(HttpStatusCode.OK);
        var forOwner = await monitor.CountAsync($"\"liveness:session:{owned}\"");
        await (await intruder.GetAsync($"/api/liveness/sessions/{owned}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var forIntruder = await monitor.CountAsync($"\"liveness:session:{owned}\"") - forOwner;
        await (await intruder.GetAsync($"/api/liveness/sessions/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var forUnknown = await monitor.CountAsync($"\"liveness:session:{unknown}\"");

        Assert.Equal(0, forOwner); // the owner is still answered from this replica's memory
        Assert.Equal(1, forUnknown);
        Assert.Equal(forUnknown, forIntruder);
    }
}
