using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>The measurements on-call alerts on, as the gateway records them while serving requests.</summary>
public sealed class MetricsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureRedisAsync();

    public Task DisposeAsync() => fixture.Redis.StartAgainAsync();

    [Fact]
    public async Task Flow_RecordsFaceLatencyAndStatus_StoreLatency_RequestsByRoute()
    {
        await using var gateway = fixture.CreateGateway();
        using var metrics = new MetricCapture(gateway);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        var face = metrics.Of("liveness.gateway.face.request.duration");
        Assert.Contains(face, m => m.Tag("http.request.method") == "POST" && m.Tag("http.response.status_code") == "200");
        Assert.Contains(face, m => m.Tag("http.request.method") == "GET" && m.Tag("http.response.status_code") == "200");
        Assert.All(face, m => Assert.True(m.Value > 0));
        var store = metrics.Of("liveness.gateway.store.operation.duration");
        Assert.Contains(store, m => m.Tag("operation") == "record" && m.Tag("backend") == "redis" && m.Tag("outcome") == "ok");
        Assert.Contains(store, m => m.Tag("operation") == "find" && m.Tag("outcome") == "ok");
        var requests = await WaitForAsync(metrics, "http.server.request.duration", m => m.Tag("liveness.route_id") == "liveness-read");
        Assert.Contains(requests, m => m.Tag("liveness.route_id") == "liveness-create" && m.Tag("http.response.status_code") == "201");
        Assert.Contains(requests, m => m.Tag("liveness.route_id") == "liveness-read" && m.Tag("http.response.status_code") == "200");
    }

    [Fact]
    public async Task Denials_CountedByReason_OnlyForOwnership()
    {
        await using var gateway = fixture.CreateGateway();
        using var metrics = new MetricCapture(gateway);
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"), gateway);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        var sessionId = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();

        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/liveness/sessions/not-a-guid")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        var denials = metrics.Of("liveness.gateway.ownership.denials");
        Assert.Equal(["not_owner", "unknown_session", "wrong_kind"], denials.Select(d => d.Tag("reason")).Order(StringComparer.Ordinal));
        Assert.All(denials, d => Assert.Equal(1, d.Value));
    }

    [Fact]
    public async Task RedisDown_RecordsStoreErrors()
    {
        await using var gateway = fixture.CreateGateway();
        using var metrics = new MetricCapture(gateway);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/liveness/sessions")).StatusCode);

        await fixture.Redis.StopAsync();
        await (await client.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains(metrics.Of("liveness.gateway.store.errors"), m => m.Tag("operation") == "find" && m.Tag("backend") == "redis");
        Assert.Contains(metrics.Of("liveness.gateway.store.operation.duration"), m => m.Tag("operation") == "find" && m.Tag("outcome") == "error");
    }

    /// <summary>ASP.NET Core records a request's duration as it ends, just after the client has the answer.</summary>
    private static async Task<IReadOnlyList<CapturedMeasurement>> WaitForAsync(MetricCapture metrics, string instrument, Func<CapturedMeasurement, bool> expected)
    {
        var measurements = metrics.Of(instrument);
        for (var attempt = 0; attempt < 50 && !measurements.Any(expected); attempt++)
        {
            await Task.Delay(100);
            measurements = metrics.Of(instrument);
        }

        return measurements;
    }
}
