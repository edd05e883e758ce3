using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Face;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.Face;

/// <summary>
/// The one Face HTTP pipeline, proxied calls and the gateway's own alike: each attempt takes a permit of the Face
/// budget before the circuit breaker and the attempt timeout, so a refusal is a 429 <c>UpstreamBudget</c> that
/// never reaches Face, never opens the circuit, and the wait for a permit is not an attempt timing out.
/// </summary>
public sealed class FaceHttpPipelineTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private const string AnsweredKey = "{liveness:upstream}:answered";
    private const string InFlightKey = "{liveness:upstream}:in-flight";
    private const string RejectionsMetric = "liveness.gateway.rate_limit.rejections";

    public async Task InitializeAsync()
    {
        await fixture.Emulator.Control.ClearFaultsAsync();
        await ForgetBudgetAsync(); // earlier tests' calls are not this one's
    }

    public Task DisposeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    [Fact]
    public async Task Read_FirstAttemptFindsNoPermit_Answered429UpstreamBudgetWithoutReachingFace()
    {
        // One call per 4 s and no queue: the create spends the budget, the read finds none.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Upstream:PermitsPerSecond"] = "0.25",
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:00",
        });
        using var metrics = new MetricCapture(gateway);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var calls = await fixture.Emulator.Control.GetCallsAsync();

        var refused = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
        Assert.InRange(GatewayRequests.RetryAfterSeconds(refused), 1, 5);
        Assert.Equal(calls.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Single(metrics.Of(RejectionsMetric), m => m.Tag("limit") == "upstream_budget");
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 6005); // the audit trail's LimitHit
    }

    [Fact]
    public async Task Read_PermitWaitLongerThanAttemptTimeout_AnsweredNot504()
    {
        // One call per 2 s: the read waits about 2 s for the permit the create holds, four attempt timeouts.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Upstream:PermitsPerSecond"] = "0.5",
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:05",
            ["Resilience:Face:AttemptTimeout"] = "00:00:00.5",
            ["Resilience:Face:MaxRetryAttempts"] = "0",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);

        var started = Stopwatch.GetTimestamp();

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Not a timing assertion: proof that the read did wait for the budget (the Redis budget runs on real time).
        var waited = Stopwatch.GetElapsedTime(started);
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"the read was answered after {waited}: it found a permit at once, so this test proves nothing");
    }

    [Fact]
    public async Task BudgetRefusals_ManyInARow_DoNotOpenTheCircuit()
    {
        // A circuit that opens after two calls of which half failed; one Face call per 4 s and no queue.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Upstream:PermitsPerSecond"] = "0.25",
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:00",
            ["RateLimiting:SessionCreation:PermitLimit"] = "1000",
            ["Resilience:Face:MinimumThroughput"] = "2",
            ["Resilience:Face:FailureRatio"] = "0.5",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);

        for (var i = 0; i < 6; i++)
        {
            await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
            await (await client.DeleteAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
        }

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Id == 7001); // the circuit never opened
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Id == 7005); // nor refused a call
    }

    [Fact]
    public async Task BudgetRefusals_AnsweredAndLoggedByTheGateway_NoForwarderWarningPerRefusal()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Upstream:PermitsPerSecond"] = "0.25",
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:00",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);

        for (var i = 0; i < 5; i++)
        {
            await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
        }

        Assert.Equal(5, gateway.Logs.Entries.Count(e => e.EventId.Id == 6005)); // the audit trail's LimitHit, one per refusal
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Category.StartsWith("Yarp", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task FaceUnreachable_NotARefusal_ForwarderWarningKept()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection, count: 1);

        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains(gateway.Logs.Entries, e => e.Category.StartsWith("Yarp", StringComparison.Ordinal) && e.Level == LogLevel.Warning && e.Exception is not null);
    }

    [Fact]
    public async Task GatewayCall_Delete_SameChainAsProxiedCalls_CredentialTelemetryAndBudget()
    {
        await using var gateway = fixture.CreateGateway();
        using var metrics = new MetricCapture(gateway);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var before = await AnsweredAsync();

        var deleted = await gateway.Services.GetRequiredService<FaceSessionClient>().DeleteSessionAsync(SessionKind.Liveness, sessionId, CancellationToken.None);

        Assert.True(deleted);
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(c => c.Operation == EmulatorOperations.DeleteLivenessSession);
        Assert.Equal(EmulatorCalls.HashCredential(fixture.Emulator.ApiKey), call.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal(204, call.Status);
        Assert.Single(metrics.Of("liveness.gateway.face.request.duration"), m => m.Tag("http.request.method") == "DELETE" && m.Tag("http.response.status_code") == "204");
        Assert.Single((await AnsweredAsync()).Except(before));
    }

    [Fact]
    public async Task GatewayCall_BudgetSpentBeyondItsWait_NotConfirmedWithoutReachingFace()
    {
        // One call per 20 s: the gateway's own call waits at most 10 s, so it is refused at once.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:Upstream:PermitsPerSecond"] = "0.05" });
        using var metrics = new MetricCapture(gateway);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var calls = await fixture.Emulator.Control.GetCallsAsync();

        var deleted = await gateway.Services.GetRequiredService<FaceSessionClient>().DeleteSessionAsync(SessionKind.Liveness, sessionId, CancellationToken.None);

        Assert.False(deleted);
        Assert.Equal(calls.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 3002);
        Assert.Single(metrics.Of(RejectionsMetric), m => m.Tag("limit") == "upstream_budget");
    }

    private async Task ForgetBudgetAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        await redis.GetDatabase().KeyDeleteAsync([AnsweredKey, InFlightKey]);
    }

    private async Task<string[]> AnsweredAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        return [.. (await redis.GetDatabase().SortedSetRangeByRankAsync(AnsweredKey)).Select(m => m.ToString())];
    }
}
