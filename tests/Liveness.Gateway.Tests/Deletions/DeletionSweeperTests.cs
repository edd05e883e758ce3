using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Liveness.Gateway.Deletions;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Deletions;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.Deletions;

/// <summary>
/// Sessions are deleted at Face when <c>Sessions:DeleteAtFace</c> says, observed at the emulator: not before they are
/// due, once when they are, by one of several replicas, across a restart; the owner still reads a deleted session's
/// result and its image is 410. Time is a fake clock; the sweeper is driven by <see cref="DeletionSweeper.SweepOnceAsync"/>.
/// </summary>
public abstract class DeletionSweeperTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    private const string Liveness = "/api/liveness/sessions";

    private readonly List<GatewayApp> _gateways = [];
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task AfterRetention_FinalResultSeen_DeletedAtFaceRetentionLater_NotBefore()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode); // first seen final: due in 15 minutes

        time.Advance(TimeSpan.FromMinutes(11)); // past the abandoned session's due time (10 + 5 minutes after creation)
        await SweepAsync(gateway, time);
        Assert.Equal(0, await DeletesAsync(sessionId));

        time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1)); // 15 minutes after the result was seen final
        await SweepAsync(gateway, time);
        Assert.Equal(1, await DeletesAsync(sessionId));

        await SweepAsync(gateway, time);
        time.Advance(TimeSpan.FromHours(1));
        await SweepAsync(gateway, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
    }

    [Fact]
    public async Task AfterRetention_DueEarlierThanTheRetentionAllows_KeptUntilItEnds()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        var user = GatewayFixture.NewUser();
        using var client = ClientFor(user, gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(5));

        // As if the reschedule after the result was seen final had not reached Redis: due now.
        var schedule = gateway.Services.GetRequiredService<IDeletionSchedule>();
        await schedule.ScheduleAsync(new ScheduledDeletion(sessionId, fixture.OwnerKeyOf(user), SessionKind.Liveness), time.GetUtcNow(), default);
        await SweepAsync(gateway, time);
        Assert.Equal(0, await DeletesAsync(sessionId));

        time.Advance(TimeSpan.FromMinutes(10));
        await SweepAsync(gateway, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
    }

    [Fact]
    public async Task AfterFinalRead_FinalResultSeen_DeletedAtOnce_OwnerStillReadsItWithoutFace()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        var first = await (await client.GetAsync($"{Liveness}/{sessionId}")).Content.ReadAsStringAsync();

        await SweepAsync(gateway, time);

        Assert.Equal(1, await DeletesAsync(sessionId));
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var read = await client.GetAsync($"{Liveness}/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(first, await read.Content.ReadAsStringAsync());
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        var listed = await (await client.GetAsync(Liveness)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(sessionId, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_NothingDeletedAtFace_FinishedOrAbandoned()
    {
        var time = Clock();
        var gateway = Gateway(time, "Never");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var finished = await GatewayRequests.CreateLivenessAsync(client);
        var abandoned = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(finished, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{finished}")).StatusCode);

        time.Advance(TimeSpan.FromHours(2));
        await SweepAsync(gateway, time);

        Assert.Equal(0, await DeletesAsync(finished));
        Assert.Equal(0, await DeletesAsync(abandoned));
        Assert.Equal(0, await ScheduledAsync(finished) + await ScheduledAsync(abandoned));
    }

    [Fact]
    public async Task Never_DeletionsScheduledUnderAnEarlierPolicy_DroppedWhenDue_WithoutFace()
    {
        var time = Clock();
        var before = Gateway(time, "AfterRetention");
        using var client = ClientFor(GatewayFixture.NewUser(), before);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        Assert.Equal(1, await ScheduledAsync(sessionId));

        var after = Gateway(time, "Never"); // the deployment switched policy; the schedule is in Redis
        time.Advance(TimeSpan.FromMinutes(16));
        await SweepAsync(after, time);

        Assert.Equal(0, await ScheduledAsync(sessionId));
        Assert.Equal(0, await DeletesAsync(sessionId));
    }

    [Fact]
    public async Task Abandoned_NeverFinished_ReadOnceAndDeletedAfterItsTokenExpired_RecordGone()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        var user = GatewayFixture.NewUser();
        using var client = ClientFor(user, gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);

        time.Advance(TimeSpan.FromMinutes(14)); // the token lives 10 minutes, the margin is 5
        await SweepAsync(gateway, time);
        Assert.Equal(0, await CallsAsync(sessionId));

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await SweepAsync(gateway, time);

        Assert.Equal(1, await CallsAsync(sessionId, "GET"));
        Assert.Equal(1, await DeletesAsync(sessionId));
        Assert.False(await _redis.GetDatabase().KeyExistsAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)));
        await (await client.GetAsync($"{Liveness}/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Equal(0, await ScheduledAsync(sessionId));
    }

    [Fact]
    public async Task Abandoned_FinishedAtFaceButNeverRead_ResultKeptThenDeletedByThePolicy()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface");

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await SweepAsync(gateway, time);

        Assert.Equal(1, await CallsAsync(sessionId, "GET"));
        Assert.Equal(0, await DeletesAsync(sessionId)); // final: kept, and due FaceRetention from now
        var before = await fixture.Emulator.Control.GetCallsAsync();
        var result = await (await client.GetAsync($"{Liveness}/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("spoofface", result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("livenessDecision").GetString());
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await SweepAsync(gateway, time);

        Assert.Equal(1, await DeletesAsync(sessionId));
        Assert.Equal(1, await CallsAsync(sessionId, "GET"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
    }

    [Fact]
    public async Task DeletedAtFace_ImageIs410_OwnersDeleteIs204WithoutFace_AnotherUserStill404()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        using var intruder = ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await client.GetAsync($"{Liveness}/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/session-images/{imageId}")).StatusCode);

        await SweepAsync(gateway, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await client.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.Gone, "SessionImageDeleted");
        await (await intruder.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionImageNotFound");
        await (await intruder.DeleteAsync($"{Liveness}/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Liveness}/{sessionId}")).StatusCode);
        await (await client.GetAsync($"{Liveness}/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal(1, gateway.Logs.Entries.Count(e => e.EventId.Id == 6011 && Equals(e.Values["SessionId"], sessionId) && Equals(e.Values["Reason"], "final_read")));
    }

    [Fact]
    public async Task DeletedAtFace_DetectOnItsImageIs410_ErasureRemovesItWithoutFace()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await client.GetAsync($"{Liveness}/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        await SweepAsync(gateway, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await client.PostAsync($"/api/liveness/session-images/{imageId}/detect", null)).AssertProblemAsync(HttpStatusCode.Gone, "SessionImageDeleted");
        var erased = await (await client.DeleteAsync(Liveness)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, erased.GetProperty("deleted").GetInt32());
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        await (await client.GetAsync($"{Liveness}/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
    }

    [Fact]
    public async Task DeletedByOneReplica_AnotherThatRememberedTheRecord_AnswersWithoutFaceToo()
    {
        var time = Clock();
        var sweeping = Gateway(time, "AfterFinalRead");
        var other = Gateway(time, "AfterFinalRead");
        var user = GatewayFixture.NewUser();
        using var viaSweeping = ClientFor(user, sweeping);
        using var viaOther = ClientFor(user, other);
        var sessionId = await GatewayRequests.CreateLivenessAsync(viaSweeping);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await viaOther.GetAsync($"{Liveness}/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK); // the other replica remembers the record
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;

        await SweepAsync(sweeping, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await viaOther.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.Gone, "SessionImageDeleted");
        Assert.Equal(HttpStatusCode.OK, (await viaOther.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.True(await _redis.GetDatabase().KeyExistsAsync(RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId)));
    }

    [Fact]
    public async Task Create_DeletionCannotBeScheduled_Returns503_SessionDeletedAtFace_NoRecordLeft()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        var user = GatewayFixture.NewUser();
        using var client = ClientFor(user, gateway);
        var db = _redis.GetDatabase();
        await db.KeyDeleteAsync(RedisDeletionSchedule.Due);
        await db.StringSetAsync(RedisDeletionSchedule.Due, "not a sorted set"); // Redis refuses the schedule's write (WRONGTYPE)
        var before = await fixture.Emulator.Control.GetCallsAsync();
        try
        {
            await (await client.PostAsJsonAsync(Liveness, new { })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        }
        finally
        {
            await db.KeyDeleteAsync(RedisDeletionSchedule.Due);
        }

        var calls = await fixture.Emulator.Control.GetCallsAsync();
        Assert.Equal(before.Count(EmulatorOperations.CreateLivenessSession) + 1, calls.Count(EmulatorOperations.CreateLivenessSession));
        Assert.Equal(before.Count(EmulatorOperations.DeleteLivenessSession) + 1, calls.Count(EmulatorOperations.DeleteLivenessSession));
        var listed = await (await client.GetAsync(Liveness)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task OwnerDeletedTheSession_ScheduledDeletionDropped_NoSecondDeleteAtFace()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterRetention");
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Liveness}/{sessionId}")).StatusCode);
        Assert.Equal(1, await ScheduledAsync(sessionId));

        time.Advance(TimeSpan.FromMinutes(16));
        await SweepAsync(gateway, time);

        Assert.Equal(1, await DeletesAsync(sessionId)); // the owner's
        Assert.Equal(0, await CallsAsync(sessionId, "GET"));
        Assert.Equal(0, await ScheduledAsync(sessionId));
    }

    [Fact]
    public async Task TwoReplicasSweeping_EachSessionDeletedExactlyOnce()
    {
        var time = Clock();
        var first = Gateway(time, "AfterFinalRead");
        var second = Gateway(time, "AfterFinalRead");
        var sessions = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            using var client = ClientFor(GatewayFixture.NewUser(), i % 2 == 0 ? first : second); // each user creates at most 10 a minute
            var sessionId = await GatewayRequests.CreateLivenessAsync(client);
            await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
            sessions.Add(sessionId);
        }

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(Sweeper(first).SweepOnceAsync(default), Sweeper(second).SweepOnceAsync(default), Sweeper(first).SweepOnceAsync(default), Sweeper(second).SweepOnceAsync(default));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var calls = await fixture.Emulator.Control.GetCallsAsync();
        Assert.All(sessions, id => Assert.Equal(1, calls.Requests.Count(c => c.Method == "DELETE" && c.Path.EndsWith(id, StringComparison.Ordinal))));
        Assert.Equal(12, first.Logs.Entries.Count(e => e.EventId.Id == 6011 && sessions.Contains((string)e.Values["SessionId"]!))
            + second.Logs.Entries.Count(e => e.EventId.Id == 6011 && sessions.Contains((string)e.Values["SessionId"]!)));
    }

    [Fact]
    public async Task Restart_ClaimOfACrashedReplica_TakenOverByANewGatewayAfterTheLease_DeletedOnce()
    {
        var time = Clock();
        var crashed = Gateway(time, "AfterFinalRead");
        using var client = ClientFor(GatewayFixture.NewUser(), crashed);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);

        // The crashed replica's sweep claimed it (every due deletion, as a sweep would) and never settled it.
        var schedule = crashed.Services.GetRequiredService<IDeletionSchedule>();
        var claimed = await schedule.ClaimDueAsync(time.GetUtcNow(), 10_000, TimeSpan.FromMinutes(1), default);
        Assert.Contains(claimed, c => c.Deletion.SessionId == sessionId);
        await crashed.DisposeAsync();
        _gateways.Remove(crashed);

        var restarted = Gateway(time, "AfterFinalRead");
        await SweepAsync(restarted, time);
        Assert.Equal(0, await DeletesAsync(sessionId)); // still claimed

        time.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync(restarted, time);
        Assert.Equal(1, await DeletesAsync(sessionId));
        using var reader = ClientFor(client, restarted);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
    }

    [Fact]
    public async Task Restart_ScheduleLivesInRedis_ANewGatewayDeletesWhatTheOldOneScheduled()
    {
        var time = Clock();
        var old = Gateway(time, "AfterRetention");
        using var client = ClientFor(GatewayFixture.NewUser(), old);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
        await old.DisposeAsync();
        _gateways.Remove(old);

        var restarted = Gateway(time, "AfterRetention");
        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await SweepAsync(restarted, time);

        Assert.Equal(1, await DeletesAsync(sessionId));
    }

    [Fact]
    public async Task FaceFails_DeletionRetriedWithBackoff_ThenDone()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead");
        using var metrics = new MetricCapture(gateway);
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
        await fixture.Emulator.Control.InjectErrorAsync(409, "Conflict", "not now"); // refused, not retried within the call
        var sweeper = Sweeper(gateway);

        await sweeper.SweepOnceAsync(default);
        Assert.Equal(1, await DeletesAsync(sessionId));
        Assert.Equal("face_error", Assert.Single(metrics.Of(DeletionMetrics.FailedName)).Tag("reason"));
        Assert.Equal(1, await ScheduledAsync(sessionId));

        time.Advance(TimeSpan.FromSeconds(29));
        await sweeper.SweepOnceAsync(default);
        Assert.Equal(1, await DeletesAsync(sessionId)); // the first retry comes 30 s later

        time.Advance(TimeSpan.FromSeconds(2));
        await sweeper.SweepOnceAsync(default);
        Assert.Equal(2, await DeletesAsync(sessionId));
        Assert.Equal(0, await ScheduledAsync(sessionId));
        Assert.Contains(metrics.Of(DeletionMetrics.DeletedName), m => m.Tag("reason") == "final_read");
    }

    [Fact]
    public async Task Share_SweepersMakeAtMostTheirShareOfFaceCallsPerSecond()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead", new() { ["Sessions:Sweeper:BudgetShare"] = "0.002" }); // 2 calls a second of 1000
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessions = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sessionId = await GatewayRequests.CreateLivenessAsync(client);
            await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
            sessions.Add(sessionId);
        }

        var sweeper = Sweeper(gateway);
        for (var second = 0; second < 6; second++)
        {
            var before = await FaceCallsOfSessionsAsync();
            for (var sweep = 0; sweep < 4; sweep++)
            {
                await sweeper.SweepOnceAsync(default);
            }

            Assert.InRange(await FaceCallsOfSessionsAsync() - before, 0, 2);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, await DeletesAsync(sessions));
        foreach (var id in sessions)
        {
            Assert.Equal(0, await ScheduledAsync(id));
        }
    }

    [Fact]
    public async Task HostedLoop_RunsOnTheAppsClock_DeletesWhenDue()
    {
        var time = Clock();
        var gateway = Gateway(time, "AfterFinalRead", new() { ["Sessions:Sweeper:Enabled"] = "true" });
        using var metrics = new MetricCapture(gateway);
        using var client = ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
        Assert.Equal(0, await DeletesAsync(sessionId));

        for (var i = 0; i < 100 && await DeletesAsync(sessionId) == 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // one tick of the loop's timer
            await Task.Delay(50); // the loop's sweep runs in the background
        }

        Assert.Equal(1, await DeletesAsync(sessionId));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 11001);
    }

    /// <summary>A fake clock starting now (Face's session lifetimes and the schedule are on it).</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    private static DeletionSweeper Sweeper(GatewayApp gateway) => gateway.Services.GetRequiredService<DeletionSweeper>();

    /// <summary>A few sweeps, a second apart: every due deletion is done, whatever else other tests left due.</summary>
    private static async Task SweepAsync(GatewayApp gateway, FakeTimeProvider time)
    {
        for (var i = 0; i < 3; i++)
        {
            await Sweeper(gateway).SweepOnceAsync(default);
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private GatewayApp Gateway(FakeTimeProvider time, string policy, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sessions:DeleteAtFace"] = policy,
            ["RateLimiting:Upstream:PermitsPerSecond"] = "1000", // the Face budget's window is on this clock too, which does not move by itself
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        var gateway = fixture.CreateGateway(settings, services => services.AddSingleton<TimeProvider>(time));
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>A client whose token outlives the clock's moves.</summary>
    private HttpClient ClientFor(string subject, GatewayApp gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(subject, TimeSpan.FromHours(6)));
        return client;
    }

    /// <summary>A client of <paramref name="gateway"/> with <paramref name="other"/>'s token.</summary>
    private static HttpClient ClientFor(HttpClient other, GatewayApp gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = other.DefaultRequestHeaders.Authorization;
        return client;
    }

    private Task<int> DeletesAsync(string sessionId) => CallsAsync(sessionId, "DELETE");

    private async Task<int> DeletesAsync(IReadOnlyCollection<string> sessionIds)
    {
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        return calls.Requests.Count(c => c.Method == "DELETE" && sessionIds.Any(id => c.Path.EndsWith(id, StringComparison.Ordinal)));
    }

    /// <summary>Calls Face received for the session (of <paramref name="method"/>, or all).</summary>
    private async Task<int> CallsAsync(string sessionId, string? method = null)
    {
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        return calls.Requests.Count(c => (method is null || c.Method == method) && c.Path.EndsWith(sessionId, StringComparison.Ordinal) && c.Method != "POST");
    }

    /// <summary>Reads and deletes of sessions Face received so far (any session: the sweepers' calls).</summary>
    private async Task<int> FaceCallsOfSessionsAsync()
    {
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        return calls.Count(EmulatorOperations.DeleteLivenessSession) + calls.Count(EmulatorOperations.GetLivenessSessionResult)
            + calls.Count(EmulatorOperations.DeleteLivenessWithVerifySession) + calls.Count(EmulatorOperations.GetLivenessWithVerifySessionResult);
    }

    /// <summary>1 when the session is in the deletion schedule, else 0.</summary>
    private async Task<int> ScheduledAsync(string sessionId)
    {
        var members = await _redis.GetDatabase().SortedSetRangeByRankAsync(RedisDeletionSchedule.Due);
        return members.Count(m => ((string)m!).EndsWith(sessionId, StringComparison.Ordinal));
    }
}

/// <summary><see cref="DeletionSweeperTests{TFixture}"/> on a single redis-server.</summary>
public sealed class DeletionSweeperOnRedisTests(GatewayFixture fixture) : DeletionSweeperTests<GatewayFixture>(fixture);

/// <summary><see cref="DeletionSweeperTests{TFixture}"/> on a 3-node Redis Cluster: the schedule stays in one slot.</summary>
public sealed class DeletionSweeperOnClusterTests(ClusterGatewayFixture fixture) : DeletionSweeperTests<ClusterGatewayFixture>(fixture);
