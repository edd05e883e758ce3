using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// A session Face no longer has leaves no record behind: a delete retries the record's removal while Redis
/// refuses writes (or says it could not), and a record whose session Face reports gone is removed on sight.
/// Redis stalls writes (<c>CLIENT PAUSE ... WRITE</c>) or refuses them the way a replica does after a failover
/// (<c>min-replicas-to-write</c>); reads still work, so the test sees the record as the gateway left it.
/// </summary>
public abstract class RecordRemovalTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    public Task InitializeAsync() => AcceptWritesAsync();

    public async Task DisposeAsync()
    {
        await AcceptWritesAsync();
        await fixture.Emulator.Control.ClearFaultsAsync();
    }

    [Fact]
    public async Task Delete_RedisRefusesWritesForASecond_RecordRemovedBefore204()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);

        var response = await DeleteWhileRedisRefusesWritesAsync(owner, sessionId, TimeSpan.FromSeconds(1.5));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await RecordExistsAsync(user, sessionId));
        Assert.Empty((await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Delete_RedisStalledLongerThanItsTimeout_RecordRemovedBefore204()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromMilliseconds(800));

        var delete = owner.DeleteAsync($"/api/liveness/sessions/{sessionId}");
        await Task.Delay(400); // real time: the request is in flight to Face
        await fixture.RedisCommandOnEveryNodeAsync("CLIENT", "PAUSE", "4500", "WRITE"); // writes wait 4.5 s, well past the client's 2 s timeout; reads go on
        var response = await delete;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await RecordExistsAsync(user, sessionId));
    }

    [Fact]
    public async Task Delete_RedisRefusesWritesPastBudget_Returns503ThenNextReadRemovesRecord()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);

        var response = await DeleteWhileRedisRefusesWritesAsync(owner, sessionId, refuseFor: null);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "SessionRecordNotRemoved");
        await AcceptWritesAsync();
        Assert.True(await RecordExistsAsync(user, sessionId)); // what the answer said
        await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound"); // Face's 404
        Assert.False(await RecordExistsAsync(user, sessionId));
        await AssertGoneWithoutFaceCallAsync(owner, sessionId);
    }

    [Fact]
    public async Task Read_SessionDeletedBehindGatewaysBack_RecordRemovedOnSight()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await DeleteAtFaceAsync(sessionId);

        await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        Assert.False(await RecordExistsAsync(user, sessionId));
        await AssertGoneWithoutFaceCallAsync(owner, sessionId);
    }

    [Fact]
    public async Task ReadImage_SessionDeletedBehindGatewaysBack_RecordAndCachedResultRemovedOnSight()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK); // cached: it is final
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
        await DeleteAtFaceAsync(sessionId);

        await (await owner.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.False(await RecordExistsAsync(user, sessionId));
        Assert.Equal("0", (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Result(fixture.OwnerKeyOf(user), sessionId).ToString())).Trim());
        await AssertGoneWithoutFaceCallAsync(owner, sessionId); // not answered from the finished-result cache
    }

    [Fact]
    public async Task Delete_SessionDeletedBehindGatewaysBack_RecordRemovedOnSight()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await DeleteAtFaceAsync(sessionId);

        await (await owner.DeleteAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        Assert.False(await RecordExistsAsync(user, sessionId));
        await AssertGoneWithoutFaceCallAsync(owner, sessionId);
    }


    /// <summary>
    /// Sends the DELETE while Face answers slowly, and makes Redis refuse writes once the request is past the gateway's
    /// own checks (the rate limits write to Redis too) and waiting for Face; writes are accepted again after
    /// <paramref name="refuseFor"/>, or not at all.
    /// </summary>
    private async Task<HttpResponseMessage> DeleteWhileRedisRefusesWritesAsync(HttpClient owner, string sessionId, TimeSpan? refuseFor)
    {
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromMilliseconds(800));
        var delete = owner.DeleteAsync($"/api/liveness/sessions/{sessionId}");
        await Task.Delay(400); // real time: the request is in flight to Face
        await fixture.RedisCommandOnEveryNodeAsync("CONFIG", "SET", "min-replicas-to-write", "1");
        if (refuseFor is { } duration)
        {
            await Task.Delay(duration);
            await AcceptWritesAsync();
        }

        var response = await delete;
        await fixture.Emulator.Control.ClearFaultsAsync();
        return response;
    }

    private Task AcceptWritesAsync() => fixture.RedisCommandOnEveryNodeAsync("CONFIG", "SET", "min-replicas-to-write", "0");

    private async Task<bool> RecordExistsAsync(string user, string sessionId) =>
        (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId).ToString())).Trim() == "1";

    /// <summary>Face deletes the session without the gateway knowing (another client of the same Face resource).</summary>
    private async Task DeleteAtFaceAsync(string sessionId)
    {
        using var face = new HttpClient { BaseAddress = fixture.Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"face/v1.2/detectLiveness-sessions/{sessionId}");
        request.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Emulator.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, (await face.SendAsync(request)).StatusCode);
    }

    /// <summary>The record is gone everywhere: not listed, and a read is refused by the gateway itself, without asking Face.</summary>
    private async Task AssertGoneWithoutFaceCallAsync(HttpClient owner, string sessionId)
    {
        var listed = await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.EnumerateArray(), s => s.GetProperty("sessionId").GetString() == sessionId);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }
}

/// <summary><see cref="RecordRemovalTests{TFixture}"/> on a single redis-server.</summary>
public sealed class RecordRemovalOnRedisTests(GatewayFixture fixture) : RecordRemovalTests<GatewayFixture>(fixture);

/// <summary><see cref="RecordRemovalTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class RecordRemovalOnClusterTests(ClusterGatewayFixture fixture) : RecordRemovalTests<ClusterGatewayFixture>(fixture);
