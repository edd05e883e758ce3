using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>The Prometheus endpoint answers on the management port only, and nothing else does there.</summary>
public sealed class ManagementPortTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Metrics_OnManagementPort_ServesPrometheusText_NotOnPublicPort()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/liveness/sessions")).StatusCode);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        var scrape = await management.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("liveness_gateway_store_operation_duration_seconds_count{", text, StringComparison.Ordinal);
        await (await client.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterALimitAndADenial_ExportRejectionsByLimitAndDenialsByReason()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "1" }).UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        var text = await management.GetStringAsync("/metrics");

        Assert.Matches(@"liveness_gateway_rate_limit_rejections_total\{[^}]*limit=""session_creation""[^}]*\} 1", text);
        Assert.Matches(@"liveness_gateway_ownership_denials_total\{[^}]*reason=""not_owner""[^}]*\} 1", text);
        Assert.Contains("liveness_gateway_face_request_duration_seconds_count{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementPort_ServesProbesButNotTheApi()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        gateway.StartServer();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(GatewayFixture.NewUser()));

        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/api/liveness/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.PostAsync("/api/liveness/sessions", new StringContent("{}"))).StatusCode);
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode); // the public port still answers
    }
}
