using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Liveness.Gateway.Tests.Health;

/// <summary>
/// A stop the way SIGTERM starts it (the host's lifetime asked to stop, then the host stopped), on a
/// real port: readiness fails first, new requests are still served during the readiness delay, the
/// request in flight completes, and afterwards connections are refused.
/// </summary>
public sealed class GracefulShutdownTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    public Task DisposeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    [Fact]
    public async Task Stop_ReadinessFailsFirst_InFlightRequestCompletes_ThenConnectionsRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Shutdown:ReadinessDelay"] = "00:00:02",
            ["Shutdown:DrainTimeout"] = "00:00:20",
        }).UseRealPort();
        await using var _ = gateway;
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { }, timeout.Token)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        using var probes = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await probes.GetAsync("/health/ready", timeout.Token)).StatusCode);

        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(3), timeout.Token);
        var inFlight = client.GetAsync($"/api/liveness/sessions/{sessionId}", timeout.Token);
        await WaitUntilFaceIsCalledAsync(timeout.Token);

        // SIGTERM: the console lifetime asks the host to stop, then stops it.
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probes.GetAsync("/health/ready", timeout.Token)).StatusCode);
        var stopping = gateway.Services.GetRequiredService<IHost>().StopAsync(timeout.Token);

        // During the readiness delay a new connection is still served, and still says "not ready".
        using (var fresh = new HttpClient { BaseAddress = probes.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await fresh.GetAsync("/health/ready", timeout.Token)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/health/live", timeout.Token)).StatusCode);
        }

        var answer = await inFlight;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await stopping;

        using var afterwards = new HttpClient { BaseAddress = probes.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => afterwards.GetAsync("/health/live", timeout.Token));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 4001);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 4002);
    }

    [Fact]
    public void HostShutdownTimeout_IsTheDrainTimeout()
    {
        using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Shutdown:DrainTimeout"] = "00:00:17" });

        var host = gateway.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(17), host.ShutdownTimeout);
    }

    /// <summary>
    /// Gives the read time to reach Face, where it then waits 3 s (nothing observable marks that moment:
    /// the emulator records a call when it answers). Were it slower, it would be a new request during
    /// the readiness delay, which must be served as well.
    /// </summary>
    private static Task WaitUntilFaceIsCalledAsync(CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
}
