using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>
/// <c>POST .../sessions/{sessionId}/assertion</c>: the owner of a passed session gets an assertion for one configured
/// audience, which the app's backend verifies with stock JwtBearer; anything else gets a problem and no assertion.
/// </summary>
public abstract class SessionAssertionsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    private const string Audience = "payments-api";

    [Fact]
    public async Task Assertion_PassedSessionReadBefore_200_VerifiesAtTheBackend_NoFurtherFaceCall()
    {
        await using var gateway = Gateway().UseRealPort();
        var alice = GatewayFixture.NewUser("alice");
        using var client = fixture.ClientFor(alice, gateway);
        var sessionId = await FinishAsync(client, "realface", read: true);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var answer = await (await AskAsync(client, sessionId)).ReadJsonAsync(HttpStatusCode.OK);

        var after = await fixture.Emulator.Control.GetCallsAsync();
        Assert.Equal(before.Requests.Count, after.Requests.Count); // the verdict was recorded when the owner read the result
        var expiresAt = answer.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(2));
        await using var backend = new AssertionVerifierApp(client.BaseAddress!, Audience);
        var pass = await (await backend.WhoPassedAsync(answer.GetProperty("assertion").GetString()!)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(alice, pass.GetProperty("subject").GetString());
        Assert.Equal(sessionId, pass.GetProperty("sessionId").GetString());
        Assert.Contains(gateway.Logs.Entries, e => e.Category == "Liveness.Gateway.Audit" && e.EventId.Id == 6007);
    }

    [Fact]
    public async Task Assertion_FinalResultNotSeenByTheGatewayYet_AsksFaceOnce_ThenRemembers()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await FinishAsync(client, "realface", read: false);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.OK, (await AskAsync(client, sessionId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync(client, sessionId)).StatusCode);

        var after = await fixture.Emulator.Control.GetCallsAsync();
        Assert.Equal(1, after.Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult));
    }

    [Theory]
    [InlineData("spoofface")]
    [InlineData("uncertain")]
    public async Task Assertion_FinishedWithoutAPass_409LivenessNotPassed(string decision)
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await FinishAsync(client, decision, read: false);

        await (await AskAsync(client, sessionId)).AssertProblemAsync(HttpStatusCode.Conflict, "LivenessNotPassed");
    }

    [Fact]
    public async Task Assertion_VerifySessionNotTheSamePerson_409LivenessNotPassed()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "verifyImage", "face.png" } };
        var sessionId = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", matchConfidence: 0.1, isIdentical: false);

        await (await client.PostAsJsonAsync($"/api/liveness-with-verify/sessions/{sessionId}/assertion", new { audience = Audience }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "LivenessNotPassed");
    }

    [Fact]
    public async Task Assertion_SessionStillRunning_409LivenessNotFinished()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);

        await (await AskAsync(client, sessionId)).AssertProblemAsync(HttpStatusCode.Conflict, "LivenessNotFinished");
    }

    [Fact]
    public async Task Assertion_AnotherUsersPassedSession_404_NoFaceCall()
    {
        await using var gateway = Gateway();
        using var alice = fixture.ClientFor(GatewayFixture.NewUser("alice"), gateway);
        using var bob = fixture.ClientFor(GatewayFixture.NewUser("bob"), gateway);
        var sessionId = await FinishAsync(alice, "realface", read: false);
        var before = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count;

        await (await AskAsync(bob, sessionId)).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await bob.PostAsJsonAsync($"/api/liveness-with-verify/sessions/{sessionId}/assertion", new { audience = Audience }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await alice.PostAsJsonAsync($"/api/liveness-with-verify/sessions/{sessionId}/assertion", new { audience = Audience }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound"); // the other kind's route

        Assert.Equal(before, (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count);
    }

    [Theory]
    [InlineData("{\"audience\":\"another-api\"}")]
    [InlineData("{\"audience\":5}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task Assertion_UnknownOrMissingAudience_400InvalidAudience(string body)
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await FinishAsync(client, "realface", read: true);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        await (await client.PostAsync($"/api/liveness/sessions/{sessionId}/assertion", content)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidAudience");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Assertion_BodyNotJson_400InvalidAudience_Not415(string? contentType)
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var content = new ByteArrayContent("audience=payments"u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        await (await client.PostAsync($"/api/liveness/sessions/{Guid.NewGuid()}/assertion", content)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidAudience");
    }

    [Fact]
    public async Task Assertion_MalformedSessionId_400_NoToken_401()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var anonymous = gateway.CreateClient();

        await (await AskAsync(client, "not-a-guid")).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidSessionId");
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync(anonymous, Guid.NewGuid().ToString())).StatusCode);
    }

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string sessionId) =>
        client.PostAsJsonAsync($"/api/liveness/sessions/{sessionId}/assertion", new { audience = Audience });

    private async Task<string> FinishAsync(HttpClient client, string decision, bool read)
    {
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, decision);
        if (read)
        {
            await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        }

        return sessionId;
    }

    private GatewayApp Gateway() => fixture.CreateGateway(new Dictionary<string, string?> { ["Liveness:Assertions:Audiences:0"] = Audience });
}

/// <summary><see cref="SessionAssertionsTests{TFixture}"/> on a single redis-server.</summary>
public sealed class SessionAssertionsOnRedisTests(GatewayFixture fixture) : SessionAssertionsTests<GatewayFixture>(fixture);

/// <summary><see cref="SessionAssertionsTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class SessionAssertionsOnClusterTests(ClusterGatewayFixture fixture) : SessionAssertionsTests<ClusterGatewayFixture>(fixture);
