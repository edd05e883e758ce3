using System.Net;
using System.Text;

namespace Liveness.Emulator.Tests.Control;

public sealed class SessionControlTests : EmulatorTest
{
    private async Task<HttpResponseMessage> PostControlAsync(string path, string? json = null)
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        return await client.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Start_NotStarted_ReturnsSessionAsGetWould()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        var session = await Emulator.Control.StartSessionAsync(sessionId);

        Assert.Equal(sessionId, session.GetProperty("sessionId").GetString());
        Assert.Equal(string.Empty, session.GetProperty("authToken").GetString());
        Assert.Equal("Running", session.GetProperty("status").GetString());
        Assert.False(session.Has("modelVersion"));
    }

    [Fact]
    public async Task Start_Twice_StaysRunning()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.StartSessionAsync(sessionId);

        var session = await Emulator.Control.StartSessionAsync(sessionId);

        Assert.Equal("Running", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_UnknownSession_Returns404Envelope()
    {
        using var response = await PostControlAsync($"emulator/sessions/{Guid.NewGuid()}/start");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task Start_FinishedSession_Returns409()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.CompleteAsync(sessionId);

        using var response = await PostControlAsync($"emulator/sessions/{sessionId}/start");

        await response.AssertFaceErrorAsync(409, "Conflict");
    }

    [Fact]
    public async Task Attempt_AfterFinished_Returns409()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.FailAttemptAsync(sessionId, "FaceWithMaskDetected");

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => Emulator.Control.CompleteAsync(sessionId));

        Assert.Equal(HttpStatusCode.Conflict, exception.StatusCode);
    }

    [Fact]
    public async Task Attempt_NotStarted_StartsImplicitlyAndSucceeds()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        var session = await Emulator.Control.CompleteAsync(sessionId, "spoofface");

        Assert.Equal("Succeeded", session.GetProperty("status").GetString());
        Assert.Equal("spoofface", session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("livenessDecision").GetString());
    }

    [Fact]
    public async Task FailAttempt_NotFinal_StaysRunningAndRetryGetsAttemptId2NewestFirst()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        var afterFailure = await Emulator.Control.FailAttemptAsync(sessionId, "NoFaceDetected", final: false);
        var afterRetry = await Emulator.Control.CompleteAsync(sessionId, "realface");

        Assert.Equal("Running", afterFailure.GetProperty("status").GetString());
        Assert.Equal("Succeeded", afterRetry.GetProperty("status").GetString());
        var attempts = afterRetry.GetProperty("results").GetProperty("attempts");
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.Equal(2, attempts[0].GetProperty("attemptId").GetInt32());
        Assert.Equal("Succeeded", attempts[0].GetProperty("attemptStatus").GetString());
        Assert.Equal(1, attempts[1].GetProperty("attemptId").GetInt32());
        Assert.Equal("NoFaceDetected", attempts[1].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task FailAttempt_CustomMessage_IsReported()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        var session = await Emulator.Control.FailAttemptAsync(sessionId, "TimedOut", errorMessage: "Too slow.");

        var error = session.GetProperty("results").GetProperty("attempts")[0].GetProperty("error");
        Assert.Equal("Too slow.", error.GetProperty("message").GetString());
        Assert.Equal("Failed", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_Running_ReturnsCanceled()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.StartSessionAsync(sessionId);

        var session = await Emulator.Control.CancelAsync(sessionId);

        Assert.Equal("Canceled", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_Finished_Returns409()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.CompleteAsync(sessionId);

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => Emulator.Control.CancelAsync(sessionId));

        Assert.Equal(HttpStatusCode.Conflict, exception.StatusCode);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"decision":"realface","errorCode":"NoFaceDetected"}""")]
    [InlineData("""{"decision":"maybe"}""")]
    [InlineData("""{"decision":"realface","verify":{"matchConfidence":0.5}}""")]
    [InlineData("""{"decision":""")]
    public async Task Attempt_InvalidBody_Returns400(string json)
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var response = await PostControlAsync($"emulator/sessions/{sessionId}/attempts", json);

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }

    [Fact]
    public async Task ControlCalls_AreNotFaceCalls_NotBilled()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var response = await PostControlAsync($"emulator/sessions/{sessionId}/start");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("CSP-Billing-Usage"));
    }
}
