using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Resilience;

/// <summary>
/// Bounded load against the gateway while Face is slow, throttles (429 storm), fails (500s), drops
/// connections, and while Redis is stopped and started again: no request outlives its route timeout,
/// no answer is a 500 or carries a stack trace, no session is read by a non-owner, and the gateway
/// serves again afterwards without a restart.
/// </summary>
public sealed class FaultInjectionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private const int Workers = 4;

    /// <summary>What a request may end with while things fail: never 500.</summary>
    private static readonly HashSet<HttpStatusCode> Allowed =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public async Task DisposeAsync()
    {
        await fixture.Emulator.Control.ClearFaultsAsync();
        await fixture.Redis.StartAgainAsync();
    }

    [Fact]
    public async Task MixedLoad_FaceFaultsAndRedisOutage_NoHangNo500NoForeignRead_RecoversWithoutRestart()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:liveness-create:Timeout"] = "00:00:02",
            ["ReverseProxy:Routes:liveness-read:Timeout"] = "00:00:02",
            ["ReverseProxy:Routes:liveness-delete:Timeout"] = "00:00:02",
            ["Resilience:Face:BreakDuration"] = "00:00:01",
            ["RateLimiting:SessionCreation:PermitLimit"] = "1000", // this is about Face and Redis, not the gateway's own limits
            ["RateLimiting:SessionReads:PermitLimit"] = "10000",
            ["RateLimiting:Upstream:PermitsPerSecond"] = "1000",
        });
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        var owners = Enumerable.Range(0, Workers).Select(i => fixture.ClientFor(GatewayFixture.NewUser($"owner{i}"), gateway)).ToList();
        var sessions = new List<string>();
        foreach (var owner in owners)
        {
            sessions.Add(await CreateAsync(owner));
        }

        var outcomes = new ConcurrentQueue<(string Request, HttpStatusCode Status, string? MediaType, string Body)>();
        using var chaosDone = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(i => Task.Run(async () =>
        {
            for (var iteration = 0; iteration < 150 && !chaosDone.IsCancellationRequested; iteration++)
            {
                var (name, send) = (iteration % 4) switch
                {
                    0 => ("owner read", (Func<Task<HttpResponseMessage>>)(() => owners[i].GetAsync($"/api/liveness/sessions/{sessions[i]}", Generous()))),
                    1 => ("intruder read", () => intruder.GetAsync($"/api/liveness/sessions/{sessions[i]}", Generous())),
                    2 => ("create", () => owners[i].PostAsJsonAsync("/api/liveness/sessions", new { }, Generous())),
                    _ => ("list", () => owners[i].GetAsync("/api/liveness/sessions", Generous())),
                };
                var response = await send(); // an OperationCanceledException here means a request hung past 10 s
                outcomes.Enqueue((name, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
                await Task.Delay(50);
            }
        })).ToList();

        await RunChaosAsync();
        await chaosDone.CancelAsync();
        await Task.WhenAll(load);

        var all = outcomes.ToList();
        Assert.True(all.Count > 40, $"only {all.Count} requests were made");
        Assert.All(all, o => Assert.True(Allowed.Contains(o.Status), $"{o.Request}: {(int)o.Status} {o.Body}"));
        Assert.All(all.Where(o => (int)o.Status >= 400), o =>
        {
            Assert.Equal("application/problem+json", o.MediaType);
            Assert.DoesNotContain("   at ", o.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", o.Body, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(all, o => o.Request == "intruder read" && o.Status == HttpStatusCode.OK);
        Assert.Contains(all, o => o.Status == HttpStatusCode.GatewayTimeout); // the faults did happen
        Assert.Contains(all, o => o.Status == HttpStatusCode.ServiceUnavailable);

        // Recovery, without a restart: Face and Redis are back, the circuit closes, a whole flow works.
        await fixture.Emulator.Control.ClearFaultsAsync();
        await fixture.EnsureRedisAsync(gateway);
        var recovered = false;
        for (var attempt = 0; attempt < 40 && !recovered; attempt++)
        {
            using var owner = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
            var create = await owner.PostAsJsonAsync("/api/liveness/sessions", new { }, Generous());
            if (create.StatusCode == HttpStatusCode.Created)
            {
                var sessionId = (await create.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("sessionId").GetString();
                recovered = (await owner.GetAsync($"/api/liveness/sessions/{sessionId}", Generous())).StatusCode == HttpStatusCode.OK
                    && (await owner.DeleteAsync($"/api/liveness/sessions/{sessionId}", Generous())).StatusCode == HttpStatusCode.NoContent;
            }

            if (!recovered)
            {
                await Task.Delay(250); // the circuit's break (1 s) and the Redis reconnect run in real time
            }
        }

        Assert.True(recovered, "the gateway did not serve a whole flow again after the faults");
        using var probes = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await probes.GetAsync("/health/ready")).StatusCode);
        foreach (var owner in owners)
        {
            owner.Dispose();
        }
    }

    private async Task RunChaosAsync()
    {
        var control = fixture.Emulator.Control;
        await Task.Delay(500);
        await control.SetLatencyAsync(TimeSpan.FromSeconds(3)); // longer than every route's timeout (2 s)
        await Task.Delay(2500);
        await control.ClearFaultsAsync();
        await control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 15, retryAfterSeconds: 1);
        await Task.Delay(1000);
        await control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError, count: 10);
        await Task.Delay(1000);
        await control.InjectFaultsAsync(EmulatorFaultKind.DropConnection, count: 6);
        await Task.Delay(1000);
        await control.ClearFaultsAsync();
        await fixture.Redis.StopAsync();
        await Task.Delay(2000);
        await fixture.Redis.StartAgainAsync();
        await Task.Delay(1000);
    }

    private static async Task<string> CreateAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

    /// <summary>The test's own limit for one request: far above every route timeout.</summary>
    private static CancellationToken Generous() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
