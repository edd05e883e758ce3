using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// The whole flow on a 3-node Redis Cluster (<c>ConnectionStrings:Redis</c> naming its nodes): every key a user owns
/// is under the user's hash tag, so the ownership transactions stay in one slot and the cluster accepts them.
/// </summary>
public sealed class ClusterStoreTests(ClusterGatewayFixture fixture) : IClassFixture<ClusterGatewayFixture>
{
    [Fact]
    public async Task WholeFlow_OnRedisCluster_CreateReadImageListDeleteAndCachedResult()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));

        var sessionId = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var ownerKey = fixture.OwnerKeyOf(user);
        Assert.Equal("1", (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Session(ownerKey, sessionId).ToString())).Trim());
        Assert.Equal("NotStarted", (await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        var first = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).Content.ReadAsStringAsync();
        var second = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).Content.ReadAsStringAsync();
        Assert.Equal(first, second);
        Assert.Equal(1, (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult));
        Assert.Equal("1", (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Result(ownerKey, sessionId).ToString())).Trim()); // the finished result, in the owner's slot

        var result = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/session-images/{imageId}")).StatusCode);
        await (await intruder.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionImageNotFound");

        var listed = await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(sessionId, Assert.Single(listed.EnumerateArray()).GetProperty("sessionId").GetString());
        Assert.Empty((await (await intruder.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Empty((await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("0", (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Session(ownerKey, sessionId).ToString())).Trim());
        Assert.Equal("0", (await fixture.RedisKeyCommandAsync("EXISTS", RedisOwnerKeys.Result(ownerKey, sessionId).ToString())).Trim());
    }

    [Fact]
    public async Task Create_VerifySessionOnRedisCluster_Returns201AndIsReadable()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        using var form = TestImages.VerifyForm(TestImages.Png());

        var sessionId = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).StatusCode);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound"); // wrong kind
    }

    [Fact]
    public Task Delete_ViaOneReplica_OnRedisCluster_OtherReplicaForgetsTheSessionAndAnswers404WithoutFace() =>
        RemovalNoticeScenario.DeleteViaOneReplica_OtherReplicaForgetsAndAnswers404WithoutFaceAsync(fixture);

    [Fact]
    public async Task Ready_OnRedisCluster_Returns200()
    {
        using var probes = fixture.Gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await probes.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probes.GetAsync("/health/ready")).StatusCode);
    }
}
