using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>Redis stopped or failing mid-test: the gateway fails closed and leaves no session at Face without an owner.</summary>
public sealed class RedisOutageTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public Task DisposeAsync() => fixture.Redis.StartAgainAsync();

    [Fact]
    public async Task Create_RedisDown_Returns503AndNoSessionLeftAtFace()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        await fixture.Redis.StopAsync();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await client.PostAsJsonAsync("/api/liveness/sessions", new { }));
        }

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        var after = await fixture.Emulator.Control.GetCallsAsync();
        var created = after.Count(EmulatorOperations.CreateLivenessSession) - before.Count(EmulatorOperations.CreateLivenessSession);
        var deleted = after.Count(EmulatorOperations.DeleteLivenessSession) - before.Count(EmulatorOperations.DeleteLivenessSession);
        Assert.Equal(created, deleted);
    }

    [Fact]
    public async Task Create_RedisRefusesOneCommandInsideTheOwnershipWrite_Returns503AndNoSessionLeftAtFace()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var sessions = RedisOwnerKeys.Sessions(fixture.OwnerKeyOf(user)).ToString(); // the owner's list, which the create wrote
        await fixture.Redis.CommandAsync("DEL", sessions);
        await fixture.Redis.CommandAsync("SET", sessions, "not a sorted set"); // ZADD in the transaction: WRONGTYPE, the rest commits
        await fixture.Emulator.Control.ResetCallsAsync();

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        Assert.Equal(1, calls.Count(EmulatorOperations.CreateLivenessSession));
        var deleted = Assert.Single(calls.Requests, c => c.Operation == EmulatorOperations.DeleteLivenessSession);
        Assert.Equal(204, deleted.Status);
        await fixture.Redis.CommandAsync("DEL", sessions);
    }

    [Fact]
    public async Task Create_RedisClientRefusesACommandBeforeSendingIt_Returns503AndDeletesThatSessionAtFace()
    {
        // HSET and HMSET disabled in the client's command map: StackExchange.Redis refuses them client-side with a
        // RedisCommandException (no RedisException), the way it refuses a command it cannot route.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = fixture.Redis.ConnectionString + ",$HSET=,$HMSET=" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await fixture.Emulator.Control.ResetCallsAsync();

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        var calls = (await fixture.Emulator.Control.GetCallsAsync()).Requests;
        Assert.Equal(200, Assert.Single(calls, c => c.Operation == EmulatorOperations.CreateLivenessSession).Status);
        var deleted = Assert.Single(calls, c => c.Operation == EmulatorOperations.DeleteLivenessSession);
        Assert.Equal(204, deleted.Status);
        var sessionId = deleted.Path.Split('/')[^1];
        var failed = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 2003); // the ownership write of the session Face created
        Assert.Equal(sessionId, failed.Values["SessionId"]);
        Assert.Contains("RedisCommandException", failed.Exception, StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<HttpRequestException>(() => fixture.Emulator.Control.StartSessionAsync(sessionId));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // Face keeps nothing
        using var probes = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probes.GetAsync("/health/ready")).StatusCode); // its probe record cannot be written either
    }

    [Fact]
    public async Task Read_RedisDown_OwnerKnownToReplicaServed_OthersNeverServed()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"));
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var sessionId = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Redis.StopAsync();

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await owner.GetAsync("/api/liveness/sessions")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Read_RedisDown_OtherReplicasSession_Returns503NotContent()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await using var replica = fixture.CreateGateway();
        using var viaReplica = fixture.ClientFor("someone-else", replica);
        await fixture.Redis.StopAsync();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await viaReplica.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Create_RedisBackAfterOutage_ServiceRecoversWithoutRestart()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await fixture.Redis.StopAsync();
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        await fixture.Redis.StartAgainAsync();
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            await Task.Delay(200); // waits for the Redis client's reconnect, a real background process
        }

        Assert.Equal(HttpStatusCode.Created, response!.StatusCode);
    }
}
