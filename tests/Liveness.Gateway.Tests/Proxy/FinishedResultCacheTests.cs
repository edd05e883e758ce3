using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Testing;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>A finished result is bought from Face once, then answered from Redis, to its owner only, until the session is deleted.</summary>
public abstract class FinishedResultCacheTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Read_FinishedSessionPolled50Times_CostsFaceOneGet_EveryAnswerTheSameJson()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var bodies = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        var gets = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(1, gets);
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Contains("\"livenessDecision\":\"realface\"", bodies[0], StringComparison.Ordinal);
        Assert.Equal(bodies[0], (string?)await _redis.GetDatabase().HashGetAsync(ResultKey(user, sessionId), "json"));
    }

    [Fact]
    public async Task Read_FinishedSession_CachedInRedisNoLongerThanItsOwnershipRecord()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        var db = _redis.GetDatabase();
        var cached = await db.KeyTimeToLiveAsync(ResultKey(user, sessionId));
        var record = await db.KeyTimeToLiveAsync(RecordKey(user, sessionId));
        Assert.NotNull(cached);
        Assert.NotNull(record);
        Assert.True(cached >= TimeSpan.FromHours(48), $"cached result TTL {cached} is shorter than Face's 48 h");
        Assert.True(cached <= record + TimeSpan.FromSeconds(1), $"cached result TTL {cached} outlives the ownership record's {record}");
    }

    [Fact]
    public async Task Read_UnfinishedSession_GoesToFaceEveryTime_UntilFinal()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 3; i++)
        {
            var running = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Running", running.GetProperty("status").GetString());
        }

        Assert.False(await _redis.GetDatabase().KeyExistsAsync(ResultKey(user, sessionId)));
        await fixture.Emulator.Control.CancelAsync(sessionId);
        for (var i = 0; i < 3; i++)
        {
            var canceled = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Canceled", canceled.GetProperty("status").GetString());
        }

        var gets = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(4, gets);
    }

    [Fact]
    public async Task Read_FreshAndCachedAnswers_SentWholeWithTheirLength_NotChunked()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);
        using var running = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        using var fresh = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        using var cached = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        foreach (var response in new[] { running, fresh, cached })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        }

        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Read_CachedResultByAnotherUser_Returns404WithoutFaceCall()
    {
        var user = GatewayFixture.NewUser("owner");
        using var owner = fixture.ClientFor(user);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var sessionId = await CreateLivenessAsync(owner);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        Assert.True(await _redis.GetDatabase().KeyExistsAsync(ResultKey(user, sessionId)));
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await owner.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Delete_CachedSession_ThenRead_Returns404AndCachedCopyIsGone()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        Assert.True(await _redis.GetDatabase().KeyExistsAsync(ResultKey(user, sessionId)));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.False(await _redis.GetDatabase().KeyExistsAsync(ResultKey(user, sessionId)));
    }

    [Fact]
    public async Task Read_FinishedVerifySession_CostsFaceOneGet()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        using var form = TestImages.VerifyForm(TestImages.Png());
        var sessionId = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 10; i++)
        {
            var result = await (await client.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.True(result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").TryGetProperty("verifyResult", out _));
        }

        var gets = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessWithVerifySessionResult) - before.Count(EmulatorOperations.GetLivenessWithVerifySessionResult);
        Assert.Equal(1, gets);
    }

    private RedisKey ResultKey(string user, string sessionId) => RedisOwnerKeys.Result(fixture.OwnerKeyOf(user), sessionId);

    private RedisKey RecordKey(string user, string sessionId) => RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId);

    private static async Task<string> CreateLivenessAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
}

/// <summary><see cref="FinishedResultCacheTests{TFixture}"/> on a single redis-server.</summary>
public sealed class FinishedResultCacheOnRedisTests(GatewayFixture fixture) : FinishedResultCacheTests<GatewayFixture>(fixture);

/// <summary><see cref="FinishedResultCacheTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class FinishedResultCacheOnClusterTests(ClusterGatewayFixture fixture) : FinishedResultCacheTests<ClusterGatewayFixture>(fixture);
