using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.AbuseMonitoring;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Liveness.Gateway.Tests.AbuseMonitoring;

/// <summary>
/// Which Face API version gets the abuse-monitoring fields (only <c>v1.3-preview.1</c>), the settings that go with
/// them (the correlation secret required outside Development, the attempts' range), and the decision-only view of a
/// result in which Face detected abuse.
/// </summary>
public sealed class AbuseMonitoringSettingsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Create_V12_FaceGetsNoPreviewFieldWhateverTheClientSent()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new
        {
            userCorrelationId = "chosen-by-the-client",
            expectedClientIpAddress = "192.0.2.99",
            numberOfClientAttemptsAllowed = 3,
        })).ReadJsonAsync(HttpStatusCode.Created);
        using var form = TestImages.VerifyForm(TestImages.Png());
        form.Add(new StringContent("3"), "numberOfClientAttemptsAllowed");
        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created);

        var calls = (await fixture.Emulator.Control.GetCallsAsync()).Requests;
        var liveness = calls.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        var verify = calls.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.Equal("/face/v1.2/detectLiveness-sessions", liveness.Path);
        var body = JsonDocument.Parse(liveness.Body!).RootElement;
        Assert.Equal(
            ["livenessOperationMode", "deviceCorrelationId", "authTokenTimeToLiveInSeconds", "enableSessionImage"],
            body.EnumerateObject().Select(static p => p.Name));
        Assert.DoesNotContain("numberOfClientAttemptsAllowed", verify.Form!.Keys);
        Assert.DoesNotContain("userCorrelationId", verify.Form.Keys);
    }

    [Fact]
    public async Task Read_PreviewDecisionView_AbuseDetectedShowsNoDecision()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Face:ApiVersion"] = "v1.3-preview.1",
            ["Face:AbuseMonitoring:CorrelationSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Sessions:ClientResultView"] = "Decision",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var flagged = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(flagged, "realface", abuseDetected: true);
        var clean = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(clean, "realface");

        var flaggedView = await (await client.GetAsync($"/api/liveness/sessions/{flagged}")).ReadJsonAsync(HttpStatusCode.OK);
        var cachedView = await (await client.GetAsync($"/api/liveness/sessions/{flagged}")).ReadJsonAsync(HttpStatusCode.OK); // from the result cache
        var cleanView = await (await client.GetAsync($"/api/liveness/sessions/{clean}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, flaggedView.GetProperty("decision").ValueKind);
        Assert.Equal(JsonValueKind.Null, cachedView.GetProperty("decision").ValueKind);
        Assert.Equal(["sessionId", "status", "decision"], flaggedView.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("realface", cleanView.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Create_PreviewSaltUnreadable_503WithoutFaceCall()
    {
        // The salts alone live on a Redis that is down (a real one, stopped); the owner store stays up.
        await using var saltRedis = await RedisServer.StartAsync();
        await using var saltConnection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(saltRedis.ConnectionString);
        await saltRedis.StopAsync();
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                ["Face:ApiVersion"] = "v1.3-preview.1",
                ["Face:AbuseMonitoring:CorrelationSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            },
            services => services.AddSingleton<IUserCorrelationStore>(new RedisUserCorrelationStore(saltConnection)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OwnershipStoreUnavailable");
        Assert.Equal(before, (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession));
        Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 8203);
    }

    [Theory]
    [InlineData("Testing", null, "Face:AbuseMonitoring:CorrelationSecret is missing")]
    [InlineData("Testing", "too-short-a-secret", "Face:AbuseMonitoring:CorrelationSecret is too short")]
    [InlineData("Development", "too-short-a-secret", "Face:AbuseMonitoring:CorrelationSecret is too short")]
    public async Task Start_PreviewWithoutAGoodSecret_FailsNamingIt(string environment, string? secret, string expected)
    {
        var settings = fixture.BaseSettings();
        settings["Face:ApiVersion"] = "v1.3-preview.1";
        settings["Face:AbuseMonitoring:CorrelationSecret"] = secret;
        await using var gateway = new GatewayApp(settings, environment);

        var invalid = StartupFailures.FindValidationFailure(Record.Exception(gateway.StartServer));

        Assert.NotNull(invalid);
        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_V12WithoutSecret_Starts()
    {
        await using var gateway = fixture.CreateGateway();

        gateway.StartServer();

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Id == 8201);
    }

    [Fact]
    public async Task Start_PreviewInDevelopmentWithoutSecret_UsesAGeneratedOne_LoggedWithoutAValue()
    {
        var settings = fixture.BaseSettings();
        settings["Face:ApiVersion"] = "v1.3-preview.1";
        await using var gateway = new GatewayApp(settings, "Development");

        gateway.StartServer();

        var logged = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 8201);
        Assert.Equal(LogLevel.Warning, logged.Level);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await GatewayRequests.CreateLivenessAsync(client);
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        Assert.True(Guid.TryParse(JsonDocument.Parse(call.Body!).RootElement.GetProperty("userCorrelationId").GetString(), out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    public async Task Start_AttemptsOutOfFacesRange_FailsNamingIt(string value)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Sessions:NumberOfClientAttemptsAllowed"] = value });

        var invalid = StartupFailures.FindValidationFailure(Record.Exception(gateway.StartServer));

        Assert.NotNull(invalid);
        Assert.Contains("Sessions:NumberOfClientAttemptsAllowed", invalid.Message, StringComparison.Ordinal);
    }
}
