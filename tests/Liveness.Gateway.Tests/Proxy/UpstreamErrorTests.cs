using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>How Face's failures reach clients: problem+json, never a 500, never the key, never Face's free text.</summary>
public sealed class UpstreamErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    public Task DisposeAsync() => fixture.Emulator.Control.ClearFaultsAsync();

    [Fact]
    public async Task Create_FaceRefusesGatewayKey_Returns502AndLogsWhyWithoutKey()
    {
        var wrongKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Face:ApiKey"] = wrongKey });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.DoesNotContain(wrongKey, problem.ToString(), StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2005 && e.Message.Contains("401", StringComparison.Ordinal));
        Assert.DoesNotContain(wrongKey, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FaceAnswers429_Returns429WithRetryAfter()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 1, retryAfterSeconds: 7);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "429");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Read_FaceAnswers500_Returns502Problem()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError, count: 5);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Read_FaceDropsConnection_Returns502Problem()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection, count: 5);

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Read_FaceSlowerThanRouteTimeout_Returns504Problem()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["ReverseProxy:Routes:liveness-read:Timeout"] = "00:00:01" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        await fixture.Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(5));

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task Read_FaceSessionNotFound_Returns404CarryingFaceCode()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        using (var face = fixture.Emulator.CreateFaceClient())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await face.DeleteAsync($"detectLiveness-sessions/{sessionId}")).StatusCode);
        }

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
    }

    [Theory]
    [InlineData(400, "The liveness service refused the request (code InvalidRequestBody).")]
    [InlineData(404, "The liveness service does not know the requested resource (code InvalidRequestBody).")]
    [InlineData(409, "The liveness service refused the request: it conflicts with the resource's current state (code InvalidRequestBody).")]
    [InlineData(422, "The liveness service could not process the request (code InvalidRequestBody).")]
    public async Task Create_FaceErrorWithBidiMessage_KeepsStatus_GatewayDetailAndFaceCodeOnly(int status, string detail)
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        const string message = "Call support at \u202Egnp.exe\u202C <b>now</b>\r\nInjected: yes";
        await fixture.Emulator.Control.InjectErrorAsync(status, "InvalidRequestBody", message);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var problem = await response.AssertProblemAsync((HttpStatusCode)status, "InvalidRequestBody");
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        var body = problem.ToString();
        Assert.DoesNotContain("\u202E", body, StringComparison.Ordinal);
        Assert.DoesNotContain("support", body, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2006 && e.Message.Contains("InvalidRequestBody", StringComparison.Ordinal));
        Assert.DoesNotContain("support", gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Code")]
    [InlineData("<script>")]
    [InlineData("Code-With-Punctuation.")]
    [InlineData("AVeryLongCodeThatNoServiceWouldEverSendAsAnIdentifierAndIsSurelyGarbage1")]
    public async Task Create_FaceErrorWithUnsafeCode_DropsCode(string code)
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await fixture.Emulator.Control.InjectErrorAsync(400, code, "Whatever the service says.");

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(problem.TryGetProperty("code", out _));
        Assert.Equal("The liveness service refused the request.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(code, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Face429WithFreeText_GatewayDetail()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await fixture.Emulator.Control.InjectErrorAsync(429, "429", "Slow down \u202Eplease");

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "429");
        Assert.DoesNotContain("Slow down", problem.ToString(), StringComparison.Ordinal);
    }
}
