using System.Net;
using System.Net.Http.Headers;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Health;

/// <summary>The Kubernetes probes: anonymous, no detail, readiness following Redis.</summary>
public sealed class HealthProbeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public Task DisposeAsync() => fixture.Redis.StartAgainAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probe_Anonymous_Returns200WithStatusOnly(string path)
    {
        using var client = fixture.Gateway.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore, "probe answers must not be cached");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probe_WithInvalidTokenAndForeignOrigin_AnswersWithoutAuthOrCors(string path)
    {
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
    }

    [Fact]
    public async Task Ready_RedisStoppedThenStarted_Turns503ThenBackTo200()
    {
        using var client = fixture.Gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await fixture.Redis.StopAsync();
        var down = await PollAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", await down.Content.ReadAsStringAsync()); // no detail: not which check failed
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await fixture.Redis.StartAgainAsync();
        Assert.Equal(HttpStatusCode.OK, (await PollAsync(client, HttpStatusCode.OK)).StatusCode);
    }

    [Fact]
    public async Task Ready_DevelopmentWithoutRedis_Returns200()
    {
        var settings = fixture.BaseSettings();
        settings.Remove("ConnectionStrings:Redis");
        await using var gateway = new GatewayApp(settings, environment: "Development");
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 1100); // the in-memory store, said so
    }

    /// <summary>Asks every 200 ms, for at most 15 s, until the readiness probe answers <paramref name="expected"/>.</summary>
    private static async Task<HttpResponseMessage> PollAsync(HttpClient client, HttpStatusCode expected)
    {
        HttpResponseMessage response = null!;
        for (var attempt = 0; attempt < 75; attempt++)
        {
            response = await client.GetAsync("/health/ready");
            if (response.StatusCode == expected)
            {
                break;
            }

            await Task.Delay(200); // the Redis client notices the outage and the reconnect in the background
        }

        return response;
    }
}
