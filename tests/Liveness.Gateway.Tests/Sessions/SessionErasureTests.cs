using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Policies.Verdicts;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// <c>DELETE /api/liveness/sessions</c>: the caller's sessions of both kinds are deleted at Face, then everything the
/// gateway holds of them is removed (records, session images, finished results, verdicts); another user's are not
/// touched. A failure of Face or Redis midway leaves what is not erased recorded, and repeating the call finishes it.
/// </summary>
public abstract class SessionErasureTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    private const string Erase = "/api/liveness/sessions";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fixture.RedisCommandOnEveryNodeAsync("CONFIG", "SET", "min-replicas-to-write", "0");
        await fixture.Emulator.Control.ClearFaultsAsync();
    }

    [Fact]
    public async Task Erase_TwoUsers_DeletesEveryOneOfTheCallersSessionsAtFaceAndAtTheGateway_TheOtherUsersUntouched()
    {
        var user = GatewayFixture.NewUser();
        var other = GatewayFixture.NewUser("other");
        using var owner = fixture.ClientFor(user);
        using var bystander = fixture.ClientFor(other);
        var finished = await GatewayRequests.CreateLivenessAsync(owner);
        var pending = await GatewayRequests.CreateLivenessAsync(owner);
        var verify = await CreateVerifyAsync(owner);
        var kept = await GatewayRequests.CreateLivenessAsync(bystander);
        await fixture.Emulator.Control.CompleteAsync(finished, "realface", sessionImage: true);
        var result = await (await owner.GetAsync($"/api/liveness/sessions/{finished}")).ReadJsonAsync(HttpStatusCode.OK); // final: cached, verdict recorded, image seen
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(kept, "realface");
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync($"/api/liveness/sessions/{kept}")).StatusCode);
        var ownerKey = fixture.OwnerKeyOf(user);
        Assert.Equal(5, await CountExistingAsync(RedisOwnerKeys.Session(ownerKey, finished), RedisOwnerKeys.Result(ownerKey, finished), RedisOwnerKeys.Image(ownerKey, imageId), RedisOwnerKeys.Verdict(ownerKey), RedisOwnerKeys.SessionVerdict(ownerKey, finished)));

        var answer = await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, answer.GetProperty("deleted").GetInt32());
        var deletes = Deletes(await fixture.Emulator.Control.GetCallsAsync(), finished, pending, verify, kept);
        Assert.Equal(3, deletes.Count);
        Assert.Contains(deletes, c => c.Operation == EmulatorOperations.DeleteLivenessSession && c.Path.EndsWith(finished, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(deletes, c => c.Operation == EmulatorOperations.DeleteLivenessSession && c.Path.EndsWith(pending, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(deletes, c => c.Operation == EmulatorOperations.DeleteLivenessWithVerifySession && c.Path.EndsWith(verify, StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(0, await CountExistingAsync(
            RedisOwnerKeys.Session(ownerKey, finished), RedisOwnerKeys.Session(ownerKey, pending), RedisOwnerKeys.Session(ownerKey, verify),
            RedisOwnerKeys.Sessions(ownerKey), RedisOwnerKeys.Result(ownerKey, finished), RedisOwnerKeys.Image(ownerKey, imageId),
            RedisOwnerKeys.SessionImages(ownerKey, finished), RedisOwnerKeys.Verdict(ownerKey), RedisOwnerKeys.SessionVerdict(ownerKey, finished),
            RedisOwnerKeys.Verdicts(ownerKey)));
        Assert.Null(await LatestVerdictAsync(user));
        await (await owner.GetAsync($"/api/liveness/sessions/{finished}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await owner.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionImageNotFound");

        var listed = await (await bystander.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(kept, Assert.Single(listed.EnumerateArray()).GetProperty("sessionId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync($"/api/liveness/sessions/{kept}")).StatusCode);
        Assert.True((await LatestVerdictAsync(other))!.IsPass);
    }

    [Fact]
    public async Task Erase_Done_AuditsEachDeletionAndTheErasureWithItsCount()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var first = await GatewayRequests.CreateLivenessAsync(owner);
        var second = await GatewayRequests.CreateLivenessAsync(owner);
        var ownerKey = fixture.OwnerKeyOf(user);

        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync(Erase)).StatusCode);

        var erased = Assert.Single(fixture.Gateway.Logs.Entries, e => e.EventId.Id == 6008 && Equals(e.Values["UserKey"], ownerKey));
        Assert.Equal("Liveness.Gateway.Audit", erased.Category);
        Assert.Equal(2, erased.Values["Count"]);
        var deleted = fixture.Gateway.Logs.Entries.Where(e => e.EventId.Id == 6003 && Equals(e.Values["UserKey"], ownerKey)).Select(e => e.Values["SessionId"]?.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), deleted);
    }

    [Fact]
    public async Task Erase_Repeated_AnswersZeroWithoutCallingFace()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        await GatewayRequests.CreateLivenessAsync(owner);
        Assert.Equal(1, (await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("deleted").GetInt32());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var again = await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, again.GetProperty("deleted").GetInt32());
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Erase_SessionAlreadyGoneAtFace_CountsAsDeletedAndIsRemoved()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await DeleteAtFaceAsync(sessionId);

        var answer = await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, answer.GetProperty("deleted").GetInt32());
        Assert.Equal(0, await CountExistingAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)));
    }

    [Fact]
    public async Task Erase_FaceFails_AnswersWithRetryAfterKeepsEveryRecord_RepeatingFinishes()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var first = await GatewayRequests.CreateLivenessAsync(owner);
        var second = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError, count: 2); // the delete and its one retry

        var failed = await owner.DeleteAsync(Erase);

        await failed.AssertProblemAsync(HttpStatusCode.BadGateway, "UpstreamError");
        Assert.True(GatewayRequests.RetryAfterSeconds(failed) > 0);
        var ownerKey = fixture.OwnerKeyOf(user);
        Assert.Equal(2, await CountExistingAsync(RedisOwnerKeys.Session(ownerKey, first), RedisOwnerKeys.Session(ownerKey, second)));
        Assert.Equal(2, (await (await owner.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).GetArrayLength());

        var repeated = await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, repeated.GetProperty("deleted").GetInt32());
        Assert.Equal(0, await CountExistingAsync(RedisOwnerKeys.Session(ownerKey, first), RedisOwnerKeys.Session(ownerKey, second)));
    }

    [Fact]
    public async Task Erase_FaceThrottles_Returns429WithRetryAfterKeepsTheRecord()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 2);

        var throttled = await owner.DeleteAsync(Erase);

        await fixture.Emulator.Control.ClearFaultsAsync();
        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "429");
        Assert.True(GatewayRequests.RetryAfterSeconds(throttled) > 0);
        Assert.Equal(1, await CountExistingAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)));
    }

    [Fact]
    public async Task Erase_RedisRefusesWritesAfterFaceDeletedOne_Answers503WithRetryAfter_StopsThere_RepeatingFinishes()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var older = await GatewayRequests.CreateLivenessAsync(owner);
        var newer = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(2)); // room for the redis-cli below on a loaded machine
        var erase = owner.DeleteAsync(Erase);
        await Task.Delay(400); // real time: the first delete is in flight to Face, past the gateway's own checks (the limits write to Redis too)
        await fixture.RedisCommandOnEveryNodeAsync("CONFIG", "SET", "min-replicas-to-write", "1");

        var failed = await erase;

        await fixture.RedisCommandOnEveryNodeAsync("CONFIG", "SET", "min-replicas-to-write", "0");
        await fixture.Emulator.Control.ClearFaultsAsync();
        await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        Assert.True(GatewayRequests.RetryAfterSeconds(failed) > 0);
        var ownerKey = fixture.OwnerKeyOf(user);
        Assert.Equal(2, await CountExistingAsync(RedisOwnerKeys.Session(ownerKey, older), RedisOwnerKeys.Session(ownerKey, newer))); // the Face-deleted one too: its removal failed
        Assert.Single(Deletes(await fixture.Emulator.Control.GetCallsAsync(), older, newer)); // stopped at the first failure: the other was not asked of Face

        var repeated = await (await owner.DeleteAsync(Erase)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, repeated.GetProperty("deleted").GetInt32()); // Face's 404 for the one it already deleted counts as deleted
        Assert.Equal(0, await CountExistingAsync(RedisOwnerKeys.Session(ownerKey, older), RedisOwnerKeys.Session(ownerKey, newer)));
    }

    [Fact]
    public async Task Erase_OverTheUsersReadLimit_Returns429SessionReadLimitWithoutCallingFace()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionReads:PermitLimit"] = "1",
            ["RateLimiting:SessionReads:Window"] = "00:01:00",
        });
        using var owner = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync(Erase)).StatusCode);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var limited = await owner.DeleteAsync(Erase);

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.True(GatewayRequests.RetryAfterSeconds(limited) > 0);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Delete_OnTheVerifyCreateRoute_IsNoSecondErasure_405AndNothingTouched()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await owner.DeleteAsync("/api/liveness-with-verify/sessions")).StatusCode);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal(1, await CountExistingAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)));
    }

    [Fact]
    public async Task Erase_WithoutToken_Returns401WithoutCallingFace()
    {
        using var anonymous = fixture.Gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await anonymous.DeleteAsync(Erase)).AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenMissing");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    /// <summary>The DELETE calls Face received for any of <paramref name="sessionIds"/>.</summary>
    private static List<EmulatorCall> Deletes(EmulatorCalls calls, params string[] sessionIds) =>
        [.. calls.Requests.Where(c => c.Method == "DELETE" && sessionIds.Any(id => c.Path.EndsWith(id, StringComparison.OrdinalIgnoreCase)))];

    private async Task<int> CountExistingAsync(params StackExchange.Redis.RedisKey[] keys)
    {
        var count = 0;
        foreach (var key in keys)
        {
            count += int.Parse((await fixture.RedisKeyCommandAsync("EXISTS", key.ToString())).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return count;
    }

    private Task<LivenessVerdict?> LatestVerdictAsync(string user) =>
        fixture.Gateway.Services.GetRequiredService<IVerdictStore>().FindLatestAsync(fixture.OwnerKeyOf(user), default);

    private static async Task<string> CreateVerifyAsync(HttpClient client)
    {
        using var form = TestImages.VerifyForm(TestImages.Png());
        return (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
    }

    /// <summary>Face deletes the session without the gateway knowing (another client of the same Face resource).</summary>
    private async Task DeleteAtFaceAsync(string sessionId)
    {
        using var face = new HttpClient { BaseAddress = fixture.Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"face/v1.2/detectLiveness-sessions/{sessionId}");
        request.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Emulator.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, (await face.SendAsync(request)).StatusCode);
    }
}

/// <summary><see cref="SessionErasureTests{TFixture}"/> on a single redis-server.</summary>
public sealed class SessionErasureOnRedisTests(GatewayFixture fixture) : SessionErasureTests<GatewayFixture>(fixture);

/// <summary><see cref="SessionErasureTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class SessionErasureOnClusterTests(ClusterGatewayFixture fixture) : SessionErasureTests<ClusterGatewayFixture>(fixture);
