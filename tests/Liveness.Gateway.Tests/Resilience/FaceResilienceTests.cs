using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Face;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Resilience;

/// <summary>
/// Retries only where they are safe (reads), honouring <c>Retry-After</c>; creates and deletes go to
/// Face once; the circuit breaker answers 503 without calling a failing Face and probes its way back;
/// route timeouts bound every request. Each test has its own gateway, so breakers do not share state.
/// </summary>
public sealed class FaceResilienceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    public Task DisposeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    [Theory]
    [InlineData(EmulatorFaultKind.InternalServerError)]
    [InlineData(EmulatorFaultKind.ServiceUnavailable)]
    [InlineData(EmulatorFaultKind.DropConnection)]
    public async Task Read_FaceFailsOnce_RetriedAndAnswered(EmulatorFaultKind fault)
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await fixture.Emulator.Control.InjectFaultsAsync(fault, count: 1);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, await CallsSinceAsync(before, EmulatorOperations.GetLivenessSessionResult));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 7004);
    }

    [Fact]
    public async Task Read_Face503WithShortRetryAfter_RetriedAfterThatWait()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.ServiceUnavailable, count: 1, retryAfterSeconds: 1);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retry = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 7004);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Values["Delay"]); // Face's Retry-After, not the backoff
    }

    [Fact]
    public async Task Read_Face503WithLongRetryAfter_NotWaitedFor()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.ServiceUnavailable, count: 1, retryAfterSeconds: 30);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(1, await CallsSinceAsync(before, EmulatorOperations.GetLivenessSessionResult));
    }

    [Fact]
    public async Task Read_Face429_NotRetried_ClientGets429WithRetryAfter()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 1, retryAfterSeconds: 3);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, await CallsSinceAsync(before, EmulatorOperations.GetLivenessSessionResult));
    }

    [Theory]
    [InlineData(EmulatorFaultKind.InternalServerError)]
    [InlineData(EmulatorFaultKind.ServiceUnavailable)]
    [InlineData(EmulatorFaultKind.DropConnection)]
    public async Task CreateAndDelete_FaceFails_SentOnceNeverRetried(EmulatorFaultKind fault)
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await fixture.Emulator.Control.InjectFaultsAsync(fault, count: 1);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadGateway);
        await fixture.Emulator.Control.InjectFaultsAsync(fault, count: 1);
        await (await client.DeleteAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal(1, await CallsSinceAsync(before, EmulatorOperations.CreateLivenessSession));
        Assert.Equal(1, await CallsSinceAsync(before, EmulatorOperations.DeleteLivenessSession));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Id == 7004);
    }

    [Fact]
    public async Task CircuitBreaker_FaceFailing_Answers503WithoutCallingFace_ThenProbesBackToService()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Resilience:Face:MinimumThroughput"] = "2",
            ["Resilience:Face:FailureRatio"] = "0.5",
            ["Resilience:Face:BreakDuration"] = "00:00:01",
            ["RateLimiting:SessionCreation:PermitLimit"] = "1000", // the test creates more than a user normally may
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError, count: 4);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadGateway);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadGateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var open = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await open.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "UpstreamCircuitOpen");
        Assert.Equal(TimeSpan.FromSeconds(1), open.Headers.RetryAfter?.Delta);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 7001);

        // Half-open probes meet the two remaining failures and reopen it; then Face answers and it closes.
        HttpResponseMessage? recovered = null;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            recovered = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
            if (recovered.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            Assert.Contains(recovered.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
            await Task.Delay(250); // the break lasts 1 s of real time
        }

        Assert.Equal(HttpStatusCode.Created, recovered!.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 7003);
    }

    [Fact]
    public async Task SessionClient_DeleteAfterDroppedConnection_RetriedOnceAndConfirmed()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection, count: 1);
        var faceClient = gateway.Services.GetRequiredService<FaceSessionClient>();

        var deleted = await faceClient.DeleteSessionAsync(SessionKind.Liveness, sessionId, CancellationToken.None);

        Assert.True(deleted);
        var calls = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Where(r => r.Operation == EmulatorOperations.DeleteLivenessSession).TakeLast(2).ToList();
        Assert.Equal(2, await CallsSinceAsync(before, EmulatorOperations.DeleteLivenessSession));
        Assert.Equal([0, 204], calls.Select(c => c.Status));
    }

    [Theory]
    [InlineData("liveness-create", "POST", "/api/liveness/sessions")]
    [InlineData("liveness-read", "GET", "/api/liveness/sessions/{0}")]
    [InlineData("liveness-delete", "DELETE", "/api/liveness/sessions/{0}")]
    public async Task Route_FaceSlowerThanRouteTimeout_504BeforeTheClientGivesUp(string routeId, string method, string path)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [$"ReverseProxy:Routes:{routeId}:Timeout"] = "00:00:01" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(4));
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, sessionId));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var generous = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var response = await client.SendAsync(request, generous.Token);

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, "UpstreamTimeout");
    }

    private static async Task<string> CreateAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

    private async Task<int> CallsSinceAsync(EmulatorCalls before, string operation) =>
        (await fixture.Emulator.Control.GetCallsAsync()).Count(operation) - before.Count(operation);
}
