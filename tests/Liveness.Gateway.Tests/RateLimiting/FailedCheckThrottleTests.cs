using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>
/// Failed liveness checks pause session creation: after 5 final results that are not a pass within 3 minutes,
/// both kinds of create are 429 <c>TooManyFailedChecks</c> with <c>Retry-After</c>, without a Face call, audited
/// and counted, on every replica, until the cooldown has passed since the last failure.
/// </summary>
public abstract class FailedCheckThrottleTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    private const string Liveness = "/api/liveness/sessions";
    private const string WithVerify = "/api/liveness-with-verify/sessions";

    [Fact]
    public async Task Create_AfterFiveFailedChecks_BothKinds429WithRetryAfter_NoFaceCall_AuditedAndCounted()
    {
        await using var gateway = fixture.CreateGateway();
        using var metrics = new MetricCapture(gateway);
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user, gateway);
        using var other = fixture.ClientFor(GatewayFixture.NewUser("other"), gateway);

        // Five ways not to pass: a spoof, an uncertain answer, a failed and a canceled session, a verify mismatch.
        await FailAsync(client, "spoofface");
        await FailAsync(client, "uncertain");
        await FailAsync(client, "failed");
        await FailAsync(client, "canceled");
        await FailVerifyAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        using var refused = await client.PostAsJsonAsync(Liveness, new { });
        using var form = TestImages.VerifyForm(TestImages.Png());
        using var verifyRefused = await client.PostAsync(WithVerify, form);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
        await verifyRefused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
        Assert.InRange(GatewayRequests.RetryAfterSeconds(refused), 1790, 1800); // 30 minutes since the last failure
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal(2, gateway.Logs.Entries.Count(e => e.EventId.Id == 6005 && Equals(e.Values["Limit"], "failed_checks")));
        Assert.Equal(2, metrics.Of(RateLimitMetrics.RejectionsName).Count(m => m.Tag("limit") == "failed_checks"));
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync(Liveness, new { })).StatusCode);
    }

    [Fact]
    public async Task Create_FailuresSeenByTwoReplicas_BothRefuse()
    {
        await using var first = fixture.CreateGateway().UseRealPort();
        await using var second = fixture.CreateGateway().UseRealPort();
        var user = GatewayFixture.NewUser();
        using var viaFirst = fixture.ClientFor(user, first);
        using var viaSecond = fixture.ClientFor(user, second);

        for (var i = 0; i < 5; i++)
        {
            await FailAsync(i % 2 == 0 ? viaFirst : viaSecond, "spoofface");
        }

        await (await viaFirst.PostAsJsonAsync(Liveness, new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
        await (await viaSecond.PostAsJsonAsync(Liveness, new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
    }

    [Fact]
    public async Task Create_AfterFourFailuresAndPasses_StillCreated()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        for (var i = 0; i < 4; i++)
        {
            await FailAsync(client, "spoofface");
        }

        for (var i = 0; i < 3; i++)
        {
            await FailAsync(client, "realface"); // a pass is no failure
        }

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Liveness, new { })).StatusCode);
    }

    [Fact]
    public async Task Create_CooldownPassedSinceTheLastFailure_CreatedAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                ["RateLimiting:FailedChecks:PermitLimit"] = "2",
                ["RateLimiting:FailedChecks:Cooldown"] = "00:02:00",
                ["RateLimiting:Upstream:PermitsPerSecond"] = "1000", // the Face budget's window is on this clock too, which does not move by itself
            },
            services => services.AddSingleton<TimeProvider>(time));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await FailAsync(client, "spoofface");
        await FailAsync(client, "spoofface");

        using var refused = await client.PostAsJsonAsync(Liveness, new { });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
        Assert.Equal(120, GatewayRequests.RetryAfterSeconds(refused));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Liveness, new { })).StatusCode);
    }

    [Fact]
    public async Task Read_FailureRedisCannotCount_NotCached_CountedWhenReadAgain()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:FailedChecks:PermitLimit"] = "1" });
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user, gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface");
        var failures = RedisOwnerKeys.FailedChecks(fixture.OwnerKeyOf(user)).ToString();
        await fixture.RedisKeyCommandAsync("SET", failures, "not a sorted set"); // the script fails halfway: WRONGTYPE
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode); // the answer still goes out
        await fixture.RedisKeyCommandAsync("DEL", failures);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);

        var reads = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(2, reads); // the first answer was not cached: Face was asked again
        await (await client.PostAsJsonAsync(Liveness, new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyFailedChecks");
    }

    private async Task FailAsync(HttpClient client, string outcome)
    {
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var control = fixture.Emulator.Control;
        _ = outcome switch
        {
            "failed" => await control.FailAttemptAsync(sessionId),
            "canceled" => await control.CancelAsync(sessionId),
            _ => await control.CompleteAsync(sessionId, outcome),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);
    }

    private async Task FailVerifyAsync(HttpClient client)
    {
        using var form = TestImages.VerifyForm(TestImages.Png());
        var sessionId = (await (await client.PostAsync(WithVerify, form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", matchConfidence: 0.1, isIdentical: false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{WithVerify}/{sessionId}")).StatusCode);
    }
}

/// <summary><see cref="FailedCheckThrottleTests{TFixture}"/> on a single redis-server.</summary>
public sealed class FailedCheckThrottleOnRedisTests(GatewayFixture fixture) : FailedCheckThrottleTests<GatewayFixture>(fixture);

/// <summary><see cref="FailedCheckThrottleTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class FailedCheckThrottleOnClusterTests(ClusterGatewayFixture fixture) : FailedCheckThrottleTests<ClusterGatewayFixture>(fixture);
