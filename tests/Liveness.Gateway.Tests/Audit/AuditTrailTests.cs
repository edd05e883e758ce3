using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Identity;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Audit;

/// <summary>One structured audit event per security-relevant act, with the fields an investigator needs and nothing secret.</summary>
public sealed class AuditTrailTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Category = "Liveness.Gateway.Audit";

    [Fact]
    public async Task LivenessFlow_AuditsCreatedResultImageAndDeleted_WithUserKeyIdsAndDecision()
    {
        await using var gateway = fixture.CreateGateway();
        var subject = GatewayFixture.NewUser();
        var userKey = UserId.Create(fixture.Issuer.Tokens.Issuer, subject).Key;
        using var client = fixture.ClientFor(subject, gateway);

        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { livenessOperationMode = "PassiveActive" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface", sessionImage: true);
        var result = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/session-images/{imageId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        var created = Single(gateway, 6001);
        Assert.Equal(userKey, created.Values["UserKey"]);
        Assert.Equal(sessionId, created.Values["SessionId"]);
        Assert.Equal("liveness", created.Values["SessionKind"]);
        Assert.Equal("PassiveActive", created.Values["LivenessOperationMode"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)created.Values["TraceId"]!);
        var read = Single(gateway, 6002);
        Assert.Equal(userKey, read.Values["UserKey"]);
        Assert.Equal(sessionId, read.Values["SessionId"]);
        Assert.Equal("Succeeded", read.Values["Status"]);
        Assert.Equal("spoofface", read.Values["Decision"]);
        var image = Single(gateway, 6006);
        Assert.Equal(imageId, image.Values["SessionImageId"]);
        Assert.Equal(sessionId, image.Values["SessionId"]);
        var deleted = Single(gateway, 6003);
        Assert.Equal(userKey, deleted.Values["UserKey"]);
        Assert.Equal(sessionId, deleted.Values["SessionId"]);
        Assert.DoesNotContain(Events(gateway), e => e.Values.Values.Any(v => Equals(v, subject))); // the raw sub never
    }

    [Fact]
    public async Task VerifyFlow_AuditsDefaultModeAndVerifyMatch()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var form = TestImages.VerifyForm(TestImages.Png());

        var sessionId = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", isIdentical: true);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).StatusCode);

        var created = Single(gateway, 6001);
        Assert.Equal("livenessWithVerify", created.Values["SessionKind"]);
        Assert.Equal("Passive", created.Values["LivenessOperationMode"]); // the configured default, as sent to Face
        var read = Single(gateway, 6002);
        Assert.Equal("realface", read.Values["Decision"]);
        Assert.Equal("true", read.Values["IsIdentical"]);
    }

    [Fact]
    public async Task Refusals_AuditedWithReasonTargetAndStatus()
    {
        await using var gateway = fixture.CreateGateway();
        var intruderSubject = GatewayFixture.NewUser("intruder");
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"), gateway);
        using var intruder = fixture.ClientFor(intruderSubject, gateway);
        using var anonymous = gateway.CreateClient();
        using var forged = gateway.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.CreateForged("mallory"));
        var sessionId = (await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var unknown = Guid.NewGuid().ToString();

        await (await intruder.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.DeleteAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync($"/api/liveness/sessions/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/liveness/session-images/0123456789abcdef0123456789abcdef")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/liveness/sessions/not-a-session")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await forged.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var denied = Events(gateway).Where(e => e.EventId.Id == 6004).ToList();
        var notOwner = Assert.Single(denied, e => Equals(e.Values["Reason"], "not_owner"));
        Assert.Equal(UserId.Create(fixture.Issuer.Tokens.Issuer, intruderSubject).Key, notOwner.Values["UserKey"]);
        Assert.Equal(sessionId, notOwner.Values["Target"]);
        Assert.Equal(404, notOwner.Values["Status"]);
        Assert.Equal("liveness-read", notOwner.Values["RouteId"]);
        Assert.Equal("GET", notOwner.Values["Method"]);
        var wrongKind = Assert.Single(denied, e => Equals(e.Values["Reason"], "wrong_kind"));
        Assert.Equal("verify-delete", wrongKind.Values["RouteId"]);
        Assert.Equal(unknown, Assert.Single(denied, e => Equals(e.Values["Reason"], "unknown_session")).Values["Target"]);
        Assert.Single(denied, e => Equals(e.Values["Reason"], "image_not_owned"));
        Assert.Equal("not-a-session", Assert.Single(denied, e => Equals(e.Values["Reason"], "malformed")).Values["Target"]);
        var missing = Assert.Single(denied, e => Equals(e.Values["Reason"], "missing_token"));
        Assert.Equal(401, missing.Values["Status"]);
        Assert.Equal("-", missing.Values["UserKey"]);
        Assert.Single(denied, e => Equals(e.Values["Reason"], "invalid_token"));
        Assert.Equal(7, denied.Count);
        Assert.All(denied, e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, e.Level));
    }

    [Fact]
    public async Task CreationLimit_Hit_AuditedWithLimitUserAndRoute()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "1" });
        var subject = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(subject, gateway);

        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests);

        var hit = Single(gateway, 6005);
        Assert.Equal("session_creation", hit.Values["Limit"]);
        Assert.Equal(UserId.Create(fixture.Issuer.Tokens.Issuer, subject).Key, hit.Values["UserKey"]);
        Assert.Equal("liveness-create", hit.Values["RouteId"]);
        Assert.Equal("POST", hit.Values["Method"]);
    }

    [Fact]
    public async Task FinishedResult_ReadAgainFromTheCache_AuditedEachTime()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total); // answered without Face
        var reads = Events(gateway).Where(e => e.EventId.Id == 6002).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, read =>
        {
            Assert.Equal(sessionId, read.Values["SessionId"]);
            Assert.Equal("realface", read.Values["Decision"]);
        });
    }

    [Fact]
    public async Task MalformedId_WithCrLfAndOverlongInjection_IsSanitisedInTheEvent()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var injected = "x%0D%0A2030-01-01 Audit: user admin deleted everything%0A%E2%80%AE" + new string('a', 300);

        await (await client.GetAsync($"/api/liveness/sessions/{injected}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var denied = Single(gateway, 6004);
        var target = (string)denied.Values["Target"]!;
        Assert.StartsWith("x??2030-01-01 Audit: user admin deleted everything??", target, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', target);
        Assert.DoesNotContain('\n', target);
        Assert.DoesNotContain('\u202E', target); // a right-to-left override would disguise the rest of the line
        Assert.True(target.Length <= 129, $"target of {target.Length} characters");
        Assert.DoesNotContain('\n', denied.Message);
        Assert.DoesNotContain('\r', denied.Message);
    }

    [Fact]
    public async Task FullFlows_AuditAndAllLogs_NeverCarryKeyTokensAuthTokensOrImageBytes()
    {
        await using var gateway = fixture.CreateGateway();
        var userToken = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser());
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", userToken);
        var image = TestImages.Jpeg(8192);
        var secrets = new List<string> { fixture.Emulator.ApiKey, userToken, Convert.ToBase64String(image.AsSpan(0, 48)), Convert.ToHexString(image.AsSpan(4, 32)) };

        var liveness = await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        using var form = TestImages.VerifyForm(image);
        var verify = await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created);
        foreach (var (created, route) in new[] { (liveness, "liveness"), (verify, "liveness-with-verify") })
        {
            var sessionId = created.GetProperty("sessionId").GetString()!;
            secrets.Add(created.GetProperty("authToken").GetString()!);
            await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
            var result = await (await client.GetAsync($"/api/{route}/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
            var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
            var sessionImage = await (await client.GetAsync($"/api/liveness/session-images/{imageId}")).Content.ReadAsByteArrayAsync();
            secrets.Add(Convert.ToBase64String(sessionImage.AsSpan(0, Math.Min(48, sessionImage.Length))));
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/{route}/sessions/{sessionId}")).StatusCode);
        }

        Assert.Equal(2, Events(gateway).Count(e => e.EventId.Id == 6001));
        Assert.Equal(2, Events(gateway).Count(e => e.EventId.Id == 6003));
        var everything = gateway.Logs.AllText;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static List<CapturedLog> Events(GatewayApp gateway) => [.. gateway.Logs.Entries.Where(e => e.Category == Category)];

    private static CapturedLog Single(GatewayApp gateway, int eventId) => Assert.Single(Events(gateway), e => e.EventId.Id == eventId);
}
