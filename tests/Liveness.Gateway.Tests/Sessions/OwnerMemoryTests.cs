using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// Each replica remembers the session records it has seen and consults that memory before Redis; removals
/// reach every replica's memory, and a reconnection to Redis drops it (notices may have been missed).
/// </summary>
public sealed class OwnerMemoryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task Delete_ViaOneReplica_OtherReplicaForgetsTheSessionAndAnswers404WithoutFace() =>
        RemovalNoticeScenario.DeleteViaOneReplica_OtherReplicaForgetsAndAnswers404WithoutFaceAsync(fixture);

    [Fact]
    public async Task Read_RecordRemovedBehindTheGatewaysBack_ServedFromMemoryUntilRedisReconnects()
    {
        var user = GatewayFixture.NewUser("owner");
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString + ",allowAdmin=true");
        await redis.GetDatabase().KeyDeleteAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)); // no removal notice: as if it had been missed

        // The replica wrote the record itself, so it answers from memory without asking Redis.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        // A reconnection means notices may have been missed: the memory is dropped and Redis decides again.
        await redis.GetServer(redis.GetEndPoints()[0]).ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await redis.GetServer(redis.GetEndPoints()[0]).ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        await fixture.EnsureRedisAsync();
        HttpStatusCode status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && status == HttpStatusCode.OK; attempt++)
        {
            status = (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(100); // the Redis client's reconnect is a real background process
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Read_AnotherUsersRememberedSession_Returns404_AndOwnerStillServed()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"));
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.DeleteAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound); // wrong kind

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
    }

    [Fact]
    public async Task Read_FinishedResultRememberedByAReplica_ForgottenWhenAnotherReplicaDeletesTheSession()
    {
        var owner = GatewayFixture.NewUser("owner");
        await using var replica = fixture.CreateGateway();
        using var viaFirst = fixture.ClientFor(owner);
        using var viaSecond = fixture.ClientFor(owner, replica);
        var sessionId = await GatewayRequests.CreateLivenessAsync(viaFirst);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        var finished = await (await viaFirst.GetAsync($"/api/liveness/sessions/{sessionId}")).Content.ReadAsStringAsync();
        Assert.Equal(finished, await (await viaSecond.GetAsync($"/api/liveness/sessions/{sessionId}")).Content.ReadAsStringAsync()); // from Redis, now remembered

        // Gone from Redis behind the gateways' backs: the second replica still answers from its memory.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        await redis.GetDatabase().KeyDeleteAsync(RedisOwnerKeys.Result(fixture.OwnerKeyOf(owner), sessionId));
        Assert.Equal(finished, await (await viaSecond.GetAsync($"/api/liveness/sessions/{sessionId}")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await viaFirst.DeleteAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        HttpResponseMessage response = null!;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            response = await viaSecond.GetAsync($"/api/liveness/sessions/{sessionId}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100); // pub/sub delivery is real network I/O, not a clock
        }

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
