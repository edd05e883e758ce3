using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Sessions;

/// <summary>
/// The liveness operations in API <c>v1.3-preview.1</c>, checked against the preview spec
/// (azure-rest-api-specs <c>specification/ai/data-plane/Face/preview/v1.3-preview.1/</c>: the create fields of
/// <c>CreateLivenessSessionContent</c>, and the shapes of <c>LivenessSessionOperations_CreateLivenessSession.json</c> and
/// <c>..._GetLivenessSessionResult.json</c>): the same paths as v1.2, plus Face's abuse monitoring.
/// </summary>
public sealed class AbuseMonitoringPreviewTests : EmulatorTest
{
    private HttpClient Preview()
    {
        var client = new HttpClient { BaseAddress = new Uri(Emulator.BaseAddress, "face/v1.3-preview.1/") };
        client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", Emulator.ApiKey);
        return client;
    }

    private static string CreateBody(string extra = "") =>
        $$"""{"livenessOperationMode":"Passive","deviceCorrelationId":"{{Guid.NewGuid()}}"{{extra}}}""";

    [Fact]
    public async Task Create_PreviewWithAbuseFields_AnswersThePreviewShape()
    {
        using var preview = Preview();
        var user = Guid.NewGuid().ToString();

        using var response = await preview.PostJsonAsync(CreateBody($$""","userCorrelationId":"{{user}}","expectedClientIpAddress":"203.0.113.9","numberOfClientAttemptsAllowed":2"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.ReadJsonAsync();

        // The example's members, in its order: sessionId, authToken, status, modelVersion, isAbuseMonitoringEnabled, results.
        Assert.Equal(
            ["sessionId", "authToken", "status", "modelVersion", "isAbuseMonitoringEnabled", "expectedClientIpAddress", "results"],
            session.EnumerateObject().Select(static p => p.Name));
        Assert.True(session.GetProperty("isAbuseMonitoringEnabled").GetBoolean());
        Assert.Equal("203.0.113.9", session.GetProperty("expectedClientIpAddress").GetString());
        Assert.Equal(0, session.GetProperty("results").GetProperty("attempts").GetArrayLength());

        // The token lets the client SDK call the preview version, as many times as the create allowed.
        var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(session.GetProperty("authToken").GetString()!.Split('.')[1])).RootElement;
        var allowed = JsonDocument.Parse(payload.GetProperty("allowed-paths").GetString()!).RootElement;
        Assert.Equal("face/v1.3-preview.1/session/start", allowed[0].GetProperty("path").GetString());
        Assert.Equal(2, allowed[1].GetProperty("quota").GetInt32());

        // The call log keeps the body Face received.
        var call = (await Emulator.Control.GetCallsAsync()).Requests.Single(static r => r.Operation == EmulatorOperations.CreateLivenessSession);
        Assert.Equal("/face/v1.3-preview.1/detectLiveness-sessions", call.Path);
        Assert.Equal(user, JsonDocument.Parse(call.Body!).RootElement.GetProperty("userCorrelationId").GetString());
    }

    [Theory]
    [InlineData(""","numberOfClientAttemptsAllowed":0""", "numberOfClientAttemptsAllowed")]
    [InlineData(""","numberOfClientAttemptsAllowed":4""", "numberOfClientAttemptsAllowed")]
    [InlineData(""","userCorrelationId":"u","userCorrelationIdSetInClient":true""", "userCorrelationId")]
    [InlineData(""","userCorrelationId":"   " """, "userCorrelationId")]
    [InlineData(""","expectedClientIpAddress":"not-an-address" """, "expectedClientIpAddress")]
    public async Task Create_PreviewFieldOutOfRange_Returns400BadArgument(string extra, string field)
    {
        using var preview = Preview();

        using var response = await preview.PostJsonAsync(CreateBody(extra));

        var message = await response.AssertFaceErrorAsync(400, "BadArgument");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""","numberOfClientAttemptsAllowed":1""")]
    [InlineData(""","numberOfClientAttemptsAllowed":3""")]
    [InlineData(""","expectedClientIpAddress":"2001:db8::7" """)]
    [InlineData(""","expectedClientIpAddress":"203.0.113.0/24" """)]
    [InlineData(""","userCorrelationIdSetInClient":true""")]
    public async Task Create_PreviewFieldWithinRange_Returns200(string extra)
    {
        using var preview = Preview();

        using var response = await preview.PostJsonAsync(CreateBody(extra));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_V12WithPreviewFields_IgnoresThemAndAnswersTheV12Shape()
    {
        using var response = await Face.PostJsonAsync(CreateBody(""","numberOfClientAttemptsAllowed":9,"expectedClientIpAddress":"x" """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.ReadJsonAsync();
        Assert.False(session.TryGetProperty("isAbuseMonitoringEnabled", out _));
        Assert.False(session.TryGetProperty("expectedClientIpAddress", out _));
    }

    [Fact]
    public async Task Get_PreviewAttemptFlagged_ReportsClientInformationAndAbuseMonitoringResult()
    {
        using var preview = Preview();
        using var created = await preview.PostJsonAsync(CreateBody(""","expectedClientIpAddress":"203.0.113.9" """));
        var sessionId = (await created.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
        await Emulator.Control.FailAttemptAsync(sessionId, final: false);
        await Emulator.Control.CompleteAsync(sessionId, abuseDetected: true);

        using var response = await preview.GetAsync($"detectLiveness-sessions/{sessionId}");

        var attempts = (await response.ReadJsonAsync()).GetProperty("results").GetProperty("attempts");
        var succeeded = attempts[0];
        Assert.Equal(["attemptId", "attemptStatus", "result", "clientInformation", "abuseMonitoringResult"], succeeded.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("203.0.113.9", succeeded.GetProperty("clientInformation")[0].GetProperty("ip").GetString());
        var abuse = succeeded.GetProperty("abuseMonitoringResult");
        Assert.True(abuse.GetProperty("isAbuseDetected").GetBoolean());
        Assert.Equal(JsonValueKind.Array, abuse.GetProperty("otherFlaggedSessions").ValueKind);

        // As in the example, the failed attempt has clientInformation and no abuseMonitoringResult.
        var failed = attempts[1];
        Assert.Equal(["attemptId", "attemptStatus", "error", "clientInformation"], failed.EnumerateObject().Select(static p => p.Name));
    }

    [Fact]
    public async Task Get_PreviewSessionOnV12Path_HasNoPreviewMembers()
    {
        using var preview = Preview();
        using var created = await preview.PostJsonAsync(CreateBody());
        var sessionId = (await created.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
        await Emulator.Control.CompleteAsync(sessionId, abuseDetected: true, clientIp: "198.51.100.20");

        using var response = await Face.GetAsync($"detectLiveness-sessions/{sessionId}");

        var session = await response.ReadJsonAsync();
        Assert.False(session.TryGetProperty("isAbuseMonitoringEnabled", out _));
        var attempt = session.GetProperty("results").GetProperty("attempts")[0];
        Assert.False(attempt.TryGetProperty("clientInformation", out _));
        Assert.False(attempt.TryGetProperty("abuseMonitoringResult", out _));
    }

    [Fact]
    public async Task Control_AbuseOnV12Session_Returns400()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Emulator.Control.CompleteAsync(sessionId, abuseDetected: true));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task VerifyCreate_Preview_TakesNumberOfClientAttemptsAllowedAndReportsAbuse()
    {
        using var preview = Preview();
        using var refusedForm = FaceApi.VerifyForm(new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = Guid.NewGuid().ToString(),
            ["numberOfClientAttemptsAllowed"] = "5",
        });
        using var refused = await preview.PostAsync(FaceApi.VerifyPath, refusedForm);
        await refused.AssertFaceErrorAsync(400, "BadArgument");

        using var form = FaceApi.VerifyForm(new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = Guid.NewGuid().ToString(),
            ["numberOfClientAttemptsAllowed"] = "3",
        });
        using var created = await preview.PostAsync(FaceApi.VerifyPath, form);
        var session = await created.ReadJsonAsync();
        Assert.True(session.GetProperty("isAbuseMonitoringEnabled").GetBoolean());
        var sessionId = session.GetProperty("sessionId").GetString()!;

        await Emulator.Control.CompleteAsync(sessionId, abuseDetected: true);
        using var read = await preview.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        var attempt = (await read.ReadJsonAsync()).GetProperty("results").GetProperty("attempts")[0];
        Assert.True(attempt.GetProperty("abuseMonitoringResult").GetProperty("isAbuseDetected").GetBoolean());
        Assert.True(attempt.GetProperty("result").TryGetProperty("verifyResult", out _));
    }
}
