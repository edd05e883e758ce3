using System.Net.Http.Headers;
using Liveness.Gateway.Deletions;
using Liveness.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.Deletions;

/// <summary>
/// The sweeper spends the Face budget only when a permit is free at once: with the budget spent it waits for none (a
/// gateway call would wait up to 10 s on the app's clock, which does not move here) and puts its work back unharmed;
/// a session it found unfinished is not read again when its delete had to wait (one call at a time is enough).
/// A class of its own: the budget in its Redis is this test's alone.
/// </summary>
public sealed class DeletionSweeperBudgetTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Sweep_FaceBudgetSpent_TakesNoPermitAndWaitsForNone_DeletesOnceOneIsFree()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                ["RateLimiting:Upstream:PermitsPerSecond"] = "0.5", // one call per 2 s of Redis's own clock
                ["RateLimiting:Upstream:QueueTimeout"] = "00:00:00",
                ["Sessions:Sweeper:BudgetShare"] = "0.5",
            },
            services => services.AddSingleton<TimeProvider>(time));
        using var metrics = new MetricCapture(gateway);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(GatewayFixture.NewUser(), TimeSpan.FromHours(1)));
        var sessionId = await GatewayRequests.CreateLivenessAsync(client); // the budget's one permit for the next 2 s
        var sweeper = gateway.Services.GetRequiredService<DeletionSweeper>();
        time.Advance(TimeSpan.FromMinutes(16)); // abandoned: due

        Assert.Equal(0, await sweeper.SweepOnceAsync(default));

        Assert.Equal(0, await CallsAsync(sessionId));
        Assert.Empty(metrics.Of(DeletionMetrics.FailedName)); // yielded, not failed

        for (var attempt = 0; attempt < 50 && await CallsAsync(sessionId) < 2; attempt++)
        {
            await Task.Delay(200); // Redis's clock frees the permit
            time.Advance(TimeSpan.FromSeconds(4)); // the sweepers' next window (one call per 4 s)
            await sweeper.SweepOnceAsync(default);
        }

        var calls = await fixture.Emulator.Control.GetCallsAsync();
        Assert.Equal(1, calls.Requests.Count(c => c.Method == "GET" && c.Path.EndsWith(sessionId, StringComparison.Ordinal)));
        Assert.Equal(1, calls.Requests.Count(c => c.Method == "DELETE" && c.Path.EndsWith(sessionId, StringComparison.Ordinal)));
        Assert.Empty(metrics.Of(DeletionMetrics.FailedName));
    }

    private async Task<int> CallsAsync(string sessionId) =>
        (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count(c => c.Method != "POST" && c.Path.EndsWith(sessionId, StringComparison.Ordinal));
}
