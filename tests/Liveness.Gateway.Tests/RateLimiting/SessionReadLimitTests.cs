using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>The per-user read limit: per user, after authentication, refused with 429 problem+json, a log event and a metric, without a Face call.</summary>
public abstract class SessionReadLimitTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    private static readonly Dictionary<string, string?> ThreeReadsPerMinute = new()
    {
        ["RateLimiting:SessionReads:PermitLimit"] = "3",
        ["RateLimiting:SessionReads:Window"] = "00:01:00",
    };

    [Fact]
    public async Task Read_OverPerUserLimit_Returns429ProblemWithRetryAfter_WithoutFaceCall()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        }

        var refused = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.InRange(GatewayRequests.RetryAfterSeconds(refused), 1, 61);
        Assert.Contains("Retry after", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var reads = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task Read_OneUserOverLimit_OtherUserStillServed()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var busy = fixture.ClientFor(GatewayFixture.NewUser("busy"), gateway);
        using var other = fixture.ClientFor(GatewayFixture.NewUser("other"), gateway);
        var busySession = await GatewayRequests.CreateLivenessAsync(busy);
        var otherSession = await GatewayRequests.CreateLivenessAsync(other);

        for (var i = 0; i < 5; i++)
        {
            await busy.GetAsync($"/api/liveness/sessions/{busySession}");
        }

        await (await busy.GetAsync($"/api/liveness/sessions/{busySession}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/liveness/sessions/{otherSession}")).StatusCode);
    }

    [Fact]
    public async Task Read_ImagesAndVerifyResults_CountAgainstTheSameReadLimit()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var form = TestImages.VerifyForm(TestImages.Jpeg());
        var verify = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var liveness = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(liveness, "realface", sessionImage: true);

        var result = await (await client.GetAsync($"/api/liveness/sessions/{liveness}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/session-images/{imageId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness-with-verify/sessions/{verify}")).StatusCode);

        await (await client.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
    }

    [Fact]
    public async Task Read_TwoReplicasSharingRedis_UserNeverGetsMoreThanPermitLimit_OtherUserUnaffected()
    {
        // 100 a window: each replica takes 5 at a time from Redis and hands them out itself.
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:SessionReads:PermitLimit"] = "100",
            ["RateLimiting:Upstream:PermitsPerSecond"] = "1000", // the Face budget (10/s by default) is not what these reads test: at 10/s, waits under a loaded test run ended in 429 UpstreamBudget
            ["RateLimiting:SessionReads:Window"] = "00:01:00",
        };
        await using var first = fixture.CreateGateway(settings).UseRealPort();
        await using var second = fixture.CreateGateway(settings).UseRealPort();
        var user = GatewayFixture.NewUser();
        using var viaFirst = fixture.ClientFor(user, first);
        using var viaSecond = fixture.ClientFor(user, second);
        using var other = fixture.ClientFor(GatewayFixture.NewUser("other"), second);
        var sessionId = await GatewayRequests.CreateLivenessAsync(viaFirst);
        var otherSession = await GatewayRequests.CreateLivenessAsync(other);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        // Four pollers at once, two on each replica, 140 reads in all.
        var pollers = Enumerable.Range(0, 4).Select(async poller =>
        {
            var client = poller % 2 == 0 ? viaFirst : viaSecond;
            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 35; i++)
            {
                answers.Add(await client.GetAsync($"/api/liveness/sessions/{sessionId}"));
            }

            return answers;
        });
        var answers = (await Task.WhenAll(pollers)).SelectMany(a => a).ToList();

        var granted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(granted, 100 - (2 * 4), 100); // at most a batch less one unused per replica
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        }

        var reads = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(granted, reads);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/liveness/sessions/{otherSession}")).StatusCode);
    }

    [Fact]
    public async Task Read_OneReplica_UserGetsExactlyPermitLimit_WithOneRedisCallPerBatch()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionReads:PermitLimit"] = "102",
            ["RateLimiting:Upstream:PermitsPerSecond"] = "1000", // the Face budget (10/s by default) is not what these reads test: at 10/s, waits under a loaded test run ended in 429 UpstreamBudget
            ["RateLimiting:SessionReads:Window"] = "00:01:00",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await using var monitor = await RedisMonitor.StartAsync(fixture.RedisPorts);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 110; i++)
        {
            statuses.Add((await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 102).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 8)), statuses);

        // 20 batches of 5 (102 / 20), then the last 2 one at a time, then the refusal; the 7 reads after it are
        // refused without asking Redis.
        Assert.Equal(20 + 2 + 1, await monitor.CountAsync("{liveness:read:"));
    }

    [Fact]
    public async Task Read_AfterFirstRefusal_RefusedWithoutAskingRedisUntilTheWindowCloses_ThenServed()
    {
        // A short window, so that the retry below waits for real: RedisRateLimiting's fixed window reads the
        // replicas' system clock (not an injectable TimeProvider), so the test cannot move its time.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionReads:PermitLimit"] = "3",
            ["RateLimiting:SessionReads:Window"] = "00:00:05",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        }

        await using var monitor = await RedisMonitor.StartAsync(fixture.RedisPorts);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.Equal(1, await monitor.CountAsync("{liveness:read:"));

        HttpResponseMessage refused = null!;
        for (var i = 0; i < 10; i++)
        {
            refused = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
            Assert.InRange(GatewayRequests.RetryAfterSeconds(refused), 1, 6);
        }

        Assert.Equal(1, await monitor.CountAsync("{liveness:read:"));

        // Retry-After is honest: a retry after it is served (the new window is Redis's again).
        await Task.Delay(TimeSpan.FromSeconds(GatewayRequests.RetryAfterSeconds(refused)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        Assert.Equal(2, await monitor.CountAsync("{liveness:read:"));
    }

    [Fact]
    public async Task Rejection_LogsEventAndCountsMetricNamingTheLimit()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "1" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var measurements = new ConcurrentQueue<string?>();
        using var listener = ListenToRejections(gateway, measurements);

        await GatewayRequests.CreateLivenessAsync(client);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");

        Assert.Equal("session_creation", Assert.Single(measurements));
        var logged = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 6005); // the audit trail's LimitHit, at Warning
        Assert.Equal("session_creation", logged.Values["Limit"]);
    }

    [Fact]
    public async Task AnonymousFlood_Returns401NotLimited_AndSpendsNoPermit()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
            ["RateLimiting:SessionReads:PermitLimit"] = "1",
        });
        using var anonymous = gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 20; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);
        Assert.Empty(redis.GetEndPoints().SelectMany(node => redis.GetServer(node).Keys(pattern: "rl:*anonymous*"))); // every node of a cluster

        // A user with a token still has the whole allowance.
        using var user = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
    }


    private static MeterListener ListenToRejections(GatewayApp gateway, ConcurrentQueue<string?> limits)
    {
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "liveness.gateway.rate_limit.rejections")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "limit")
                {
                    limits.Enqueue(tag.Value as string);
                }
            }
        });
        listener.Start();
        return listener;
    }
}

/// <summary><see cref="SessionReadLimitTests{TFixture}"/> on a single redis-server.</summary>
public sealed class SessionReadLimitOnRedisTests(GatewayFixture fixture) : SessionReadLimitTests<GatewayFixture>(fixture);

/// <summary><see cref="SessionReadLimitTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class SessionReadLimitOnClusterTests(ClusterGatewayFixture fixture) : SessionReadLimitTests<ClusterGatewayFixture>(fixture);
