using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Gateway.Tests.StepUp;
using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Identity;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.AbuseMonitoring;

/// <summary>
/// Face's abuse monitoring with <c>Face:ApiVersion</c> <c>v1.3-preview.1</c>: what Face receives on a create is the
/// gateway's (the user's derived <c>userCorrelationId</c>, the connection's address, the configured attempts),
/// whatever the client sent; an operator, and only an operator, resets one user's <c>userCorrelationId</c>; a result
/// in which Face detected abuse is recorded in the verdict and is never a pass.
/// </summary>
public abstract class AbuseMonitoringTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    private const string Audience = "https://payments.example.com";
    private static readonly string[] OperatorRoles = ["reader", "liveness-operator"];
    private static readonly string[] ReaderRole = ["reader"];

    /// <summary>The deployment's correlation secret, minted per test class.</summary>
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private AppBackend _app = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _app = await AppBackend.StartAsync();
        var settings = LivenessGatedRouteTests<TFixture>.AppRoutes(_app.Address);
        settings["Face:ApiVersion"] = "v1.3-preview.1";
        settings["Face:AbuseMonitoring:CorrelationSecret"] = _secret;
        settings["Sessions:NumberOfClientAttemptsAllowed"] = "2";
        settings["Liveness:Assertions:Audiences:0"] = Audience;
        _gateway = fixture.CreateGateway(settings).UseRealPort(); // a real connection: its peer address is 127.0.0.1
        _gateway.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Create_Preview_FaceGetsTheGatewaysFieldsWhateverTheClientSent()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user, _gateway);

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new
        {
            livenessOperationMode = "Passive",
            userCorrelationId = "chosen-by-the-client",
            userCorrelationIdSetInClient = true,
            expectedClientIpAddress = "192.0.2.99",
            numberOfClientAttemptsAllowed = 3,
        });
        await response.ReadJsonAsync(HttpStatusCode.Created);

        var (path, body) = await LastLivenessCreateAsync();
        Assert.Equal("/face/v1.3-preview.1/detectLiveness-sessions", path);
        Assert.Equal(ExpectedCorrelationId(user, salt: null), body.GetProperty("userCorrelationId").GetString());
        Assert.False(body.TryGetProperty("userCorrelationIdSetInClient", out _));
        Assert.Equal("127.0.0.1", body.GetProperty("expectedClientIpAddress").GetString());
        Assert.Equal(2, body.GetProperty("numberOfClientAttemptsAllowed").GetInt32());
    }

    [Fact]
    public async Task Create_Preview_OneStableGuidPerUser_NotDerivableWithoutTheSecret()
    {
        var alice = GatewayFixture.NewUser("alice");
        using var aliceClient = fixture.ClientFor(alice, _gateway);
        using var bobClient = fixture.ClientFor(GatewayFixture.NewUser("bob"), _gateway);

        var first = await CreateCorrelationIdAsync(aliceClient);
        var second = await CreateCorrelationIdAsync(aliceClient);
        var bob = await CreateCorrelationIdAsync(bobClient);

        Assert.Equal(first, second);
        Assert.NotEqual(first, bob);
        var guid = Guid.Parse(first);
        Assert.Equal(8, guid.Version);
        Assert.NotEqual(first, UserId.Create(fixture.Issuer.Tokens.Issuer, alice).DefaultDeviceCorrelationId());
        Assert.NotEqual(first, UserCorrelationIds.Derive(RandomNumberGenerator.GetBytes(48), UserId.Create(fixture.Issuer.Tokens.Issuer, alice), null));
    }

    [Fact]
    public async Task VerifyCreate_Preview_FormCarriesTheConfiguredAttemptsAndNoClientValue()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), _gateway);
        using var form = TestImages.VerifyForm(TestImages.Png());
        form.Add(new StringContent("3"), "numberOfClientAttemptsAllowed");
        form.Add(new StringContent("chosen-by-the-client"), "userCorrelationId");

        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.Equal("/face/v1.3-preview.1/detectLivenessWithVerify-sessions", call.Path);
        Assert.Equal("2", call.Form!["numberOfClientAttemptsAllowed"]);
        Assert.False(call.Form.ContainsKey("userCorrelationId"));
    }

    [Fact]
    public async Task Reset_ByOperator_ChangesThatUsersCorrelationIdOnly()
    {
        var alice = GatewayFixture.NewUser("alice");
        using var aliceClient = fixture.ClientFor(alice, _gateway);
        using var bobClient = fixture.ClientFor(GatewayFixture.NewUser("bob"), _gateway);
        var aliceBefore = await CreateCorrelationIdAsync(aliceClient);
        var bobBefore = await CreateCorrelationIdAsync(bobClient);

        using var operatorClient = OperatorClient();
        var reset = await operatorClient.PostAsJsonAsync(ResetPath, new { issuer = fixture.Issuer.Tokens.Issuer, subject = alice });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var aliceAfter = await CreateCorrelationIdAsync(aliceClient);
        Assert.NotEqual(aliceBefore, aliceAfter);
        Assert.Equal(aliceAfter, await CreateCorrelationIdAsync(aliceClient)); // stable again from then on
        Assert.Equal(bobBefore, await CreateCorrelationIdAsync(bobClient));

        // The salt lives under Alice's own hash tag (so on a Cluster it is in her slot), with no expiry.
        var key = $"liveness:{{{fixture.OwnerKeyOf(alice)}}}:correlation";
        var salt = await fixture.RedisKeyCommandAsync("GET", key);
        Assert.Equal(ExpectedCorrelationId(alice, salt.Trim()), aliceAfter);
        Assert.Equal("-1", (await fixture.RedisKeyCommandAsync("TTL", key)).Trim());
        Assert.Contains(_gateway.Logs.Entries, e => e.Category == "Liveness.Gateway.Audit" && e.EventId.Id == 6010
            && Equals(e.Values["UserKey"], fixture.OwnerKeyOf(alice)));
        Assert.DoesNotContain(_secret, _gateway.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(alice, _gateway.Logs.AllText, StringComparison.Ordinal); // users appear as their keys only
    }

    [Fact]
    public async Task Reset_ByAnEndUser_403_NothingChanges()
    {
        var alice = GatewayFixture.NewUser("alice");
        using var aliceClient = fixture.ClientFor(alice, _gateway);
        var before = await CreateCorrelationIdAsync(aliceClient);

        // Her own history, and with a role that is not the operator's.
        var own = await aliceClient.PostAsJsonAsync(ResetPath, new { issuer = fixture.Issuer.Tokens.Issuer, subject = alice });
        using var otherRole = _gateway.CreateClient();
        otherRole.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Issuer.Tokens.Create(alice, extraClaims: new Dictionary<string, object> { ["roles"] = ReaderRole }));
        var other = await otherRole.PostAsJsonAsync(ResetPath, new { issuer = fixture.Issuer.Tokens.Issuer, subject = alice });

        await own.AssertProblemAsync(HttpStatusCode.Forbidden);
        await other.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await CreateCorrelationIdAsync(aliceClient));
        Assert.Equal(string.Empty, (await fixture.RedisKeyCommandAsync("GET", $"liveness:{{{fixture.OwnerKeyOf(alice)}}}:correlation")).Trim());
    }

    [Fact]
    public async Task Reset_WithoutToken_401()
    {
        using var anonymous = _gateway.CreateClient();

        var response = await anonymous.PostAsJsonAsync(ResetPath, new { issuer = fixture.Issuer.Tokens.Issuer, subject = "someone" });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenMissing");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"issuer\":\"https://issuer.test\"}")]
    [InlineData("{\"issuer\":\"https://issuer.test\",\"subject\":\"\"}")]
    [InlineData("{\"issuer\":\"https://issuer.test\",\"subject\":7}")]
    [InlineData("{\"issuer\":\"https://issuer.test\",\"subject\":\"a\\r\\nb\"}")]
    [InlineData("not json")]
    public async Task Reset_ByOperatorWithBadBody_400BadArgument(string body)
    {
        using var operatorClient = OperatorClient();

        var response = await operatorClient.PostAsync(ResetPath, new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BadArgument");
    }

    [Fact]
    public async Task AbuseDetected_IsRecordedInTheVerdict_NoAssertion409_GatedRoute401()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user, _gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", abuseDetected: true);

        var read = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(read.GetProperty("results").GetProperty("attempts")[0].GetProperty("abuseMonitoringResult").GetProperty("isAbuseDetected").GetBoolean());
        Assert.Equal("1", (await fixture.RedisKeyCommandAsync("HGET", $"liveness:{{{fixture.OwnerKeyOf(user)}}}:verdict:{sessionId}", "abuse")).Trim());

        var assertion = await client.PostAsJsonAsync($"/api/liveness/sessions/{sessionId}/assertion", new { audience = Audience });
        var gated = await client.GetAsync("/api/app/recent/orders");

        await assertion.AssertProblemAsync(HttpStatusCode.Conflict, "LivenessNotPassed");
        await gated.AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        Assert.Empty(_app.Received);
    }

    [Fact]
    public async Task AbuseDetected_AssertionAskedBeforeAnyRead_409()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), _gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", abuseDetected: true);

        var assertion = await client.PostAsJsonAsync($"/api/liveness/sessions/{sessionId}/assertion", new { audience = Audience });

        await assertion.AssertProblemAsync(HttpStatusCode.Conflict, "LivenessNotPassed");
    }

    [Fact]
    public async Task NoAbuseDetected_Preview_RealfaceStillPasses()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), _gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", abuseDetected: false);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        var assertion = await client.PostAsJsonAsync($"/api/liveness/sessions/{sessionId}/assertion", new { audience = Audience });
        var gated = await client.GetAsync("/api/app/recent/orders");

        await assertion.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, gated.StatusCode);
    }

    private const string ResetPath = "/api/liveness/operator/user-correlation-resets";

    private HttpClient OperatorClient()
    {
        var client = _gateway.CreateClient();
        var token = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser("operator"), extraClaims: new Dictionary<string, object> { ["roles"] = OperatorRoles });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private string ExpectedCorrelationId(string subject, string? salt) =>
        UserCorrelationIds.Derive(Encoding.UTF8.GetBytes(_secret), UserId.Create(fixture.Issuer.Tokens.Issuer, subject), salt);

    private async Task<string> CreateCorrelationIdAsync(HttpClient client)
    {
        await GatewayRequests.CreateLivenessAsync(client);
        return (await LastLivenessCreateAsync()).Body.GetProperty("userCorrelationId").GetString()!;
    }

    private async Task<(string Path, JsonElement Body)> LastLivenessCreateAsync()
    {
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        return (call.Path, JsonDocument.Parse(call.Body!).RootElement.Clone());
    }
}

/// <summary><see cref="AbuseMonitoringTests{TFixture}"/> on a single redis-server.</summary>
public sealed class AbuseMonitoringOnRedisTests(GatewayFixture fixture) : AbuseMonitoringTests<GatewayFixture>(fixture);

/// <summary><see cref="AbuseMonitoringTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class AbuseMonitoringOnClusterTests(ClusterGatewayFixture fixture) : AbuseMonitoringTests<ClusterGatewayFixture>(fixture);
