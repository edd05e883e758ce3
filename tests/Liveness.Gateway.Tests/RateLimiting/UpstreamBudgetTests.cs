using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Face;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>The deployment-wide Face budget: Face never sees more than it, only calls that reach Face spend it, and a refusal is 429, never 5xx.</summary>
public sealed class UpstreamBudgetTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AnsweredKey = "{liveness:upstream}:answered";
    private const string InFlightKey = "{liveness:upstream}:in-flight";

    [Fact]
    public async Task Burst_FarAboveBudget_FaceNeverSeesMoreThanBudgetInAnySecond_ClientsGet200Or429()
    {
        const int budget = 5;

        // This test's emulator keeps the system clock, so the times it records calls at are real.
        await using var emulator = await EmulatorHost.StartAsync(builder => builder.Services.AddSingleton(TimeProvider.System));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Face:Endpoint"] = emulator.BaseAddress.ToString(),
            ["Face:ApiKey"] = emulator.ApiKey,
            ["RateLimiting:Upstream:PermitsPerSecond"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:01",
            ["RateLimiting:SessionReads:PermitLimit"] = "1000",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessions = new List<string>();
        for (var i = 0; i < budget; i++)
        {
            sessions.Add(await GatewayRequests.CreateLivenessAsync(client));
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.GetAsync($"/api/liveness/sessions/{sessions[i % budget]}")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"got {(int)r.StatusCode}"));
        var served = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(served >= budget, $"only {served} reads were served");
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        foreach (var response in refused)
        {
            await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
            Assert.True(GatewayRequests.RetryAfterSeconds(response) >= 1);
        }

        var calls = (await emulator.Control.GetCallsAsync()).Requests.Select(c => c.ReceivedAt).Order().ToList();
        Assert.Equal(budget + served, calls.Count);
        var busiest = calls.Select((start, i) => calls.Skip(i).TakeWhile(t => t - start < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest <= budget, $"Face saw {busiest} calls within one second; the budget is {budget}: {string.Join(", ", calls.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public async Task DeniedRequests_AuthValidationOwnershipAndLimits_ReachNoFaceAndSpendNoBudget()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionReads:PermitLimit"] = "1000" });
        await using var strict = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionReads:PermitLimit"] = "1" });
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"), gateway);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        using var anonymous = gateway.CreateClient();
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        using var limited = fixture.ClientFor(GatewayFixture.NewUser("limited"), strict);
        var limitedSession = await GatewayRequests.CreateLivenessAsync(limited);
        Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync($"/api/liveness/sessions/{limitedSession}")).StatusCode);
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        var budget = await BudgetStateAsync();

        await (await anonymous.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await owner.GetAsync("/api/liveness/sessions/not-a-session")).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidSessionId");
        await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { livenessOperationMode = "Bogus" })).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidLivenessOperationMode");
        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await intruder.DeleteAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await owner.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await limited.GetAsync($"/api/liveness/sessions/{limitedSession}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");

        Assert.Equal(calls.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Equal(budget, await BudgetStateAsync());
    }

    [Fact]
    public async Task Read_RetriedAfterFaceFailure_EachAttemptSpendsAPermit()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var calls = await fixture.Emulator.Control.GetCallsAsync();
        var before = await AnsweredAsync();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        var attempts = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - calls.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(2, attempts);
        Assert.Equal(2, (await AnsweredAsync()).Except(before).Count());
    }

    [Fact]
    public async Task Retry_BudgetSpentMeanwhile_AnsweredUpstreamBudget429WithoutReachingFace()
    {
        // One call per 4 s and no queue: the first attempt spends the budget, its retry finds none.
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Upstream:PermitsPerSecond"] = "0.25",
            ["RateLimiting:Upstream:QueueTimeout"] = "00:00:00",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        await redis.GetDatabase().KeyDeleteAsync([AnsweredKey, InFlightKey]); // earlier tests' calls are not this one's
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await redis.GetDatabase().KeyDeleteAsync([AnsweredKey, InFlightKey]); // nor is the create's
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError);
        var calls = await fixture.Emulator.Control.GetCallsAsync();

        var refused = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "UpstreamBudget");
        Assert.True(GatewayRequests.RetryAfterSeconds(refused) >= 1);
        var attempts = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - calls.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task CompensatingDelete_GatewaysOwnFaceCall_SpendsTheBudget()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        var before = await AnsweredAsync();

        var deleted = await fixture.Gateway.Services.GetRequiredService<FaceSessionClient>().DeleteSessionAsync(SessionKind.Liveness, sessionId, CancellationToken.None);

        Assert.True(deleted);
        Assert.Single((await AnsweredAsync()).Except(before));
    }

    private async Task<string[]> AnsweredAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        return [.. (await redis.GetDatabase().SortedSetRangeByRankAsync(AnsweredKey)).Select(m => m.ToString())];
    }

    /// <summary>Every permit taken or answered, with its time: a request that spent budget changes it.</summary>
    private async Task<string> BudgetStateAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var answered = await db.SortedSetRangeByRankWithScoresAsync(AnsweredKey);
        var inFlight = await db.SortedSetRangeByRankWithScoresAsync(InFlightKey);
        return string.Join(",", answered.Concat(inFlight).Select(e => $"{e.Element}@{e.Score}"));
    }
}
