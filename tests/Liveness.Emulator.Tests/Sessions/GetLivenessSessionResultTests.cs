using System.Net;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class GetLivenessSessionResultTests : EmulatorTest
{
    [Fact]
    public async Task Get_NewSession_ReturnsEmptyAuthTokenAndNotStarted()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CognitiveServices.Face.Transaction=1", response.Headers.GetValues("CSP-Billing-Usage").Single());
        var session = await response.ReadJsonAsync();
        Assert.Equal(sessionId, session.GetProperty("sessionId").GetString());
        Assert.Equal(string.Empty, session.GetProperty("authToken").GetString());
        Assert.Equal("NotStarted", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_ClientRunning_ReturnsRunningWithoutModelVersion()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.StartSessionAsync(sessionId);

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        var session = await response.ReadJsonAsync();
        Assert.Equal("Running", session.GetProperty("status").GetString());
        Assert.False(session.Has("modelVersion"));
        Assert.Equal(0, session.GetProperty("results").GetProperty("attempts").GetArrayLength());
    }

    [Theory]
    [InlineData("realface")]
    [InlineData("spoofface")]
    [InlineData("uncertain")]
    [InlineData("RealFace")]
    public async Task Get_Finished_ReturnsSucceededWithLowercaseDecision(string decision)
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.CompleteAsync(sessionId, decision);

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        var session = await response.ReadJsonAsync();
        Assert.Equal("Succeeded", session.GetProperty("status").GetString());
        Assert.Equal("2024-11-15", session.GetProperty("modelVersion").GetString());
        var attempt = Assert.Single(session.GetProperty("results").GetProperty("attempts").EnumerateArray());
        Assert.Equal(1, attempt.GetProperty("attemptId").GetInt32());
        Assert.Equal("Succeeded", attempt.GetProperty("attemptStatus").GetString());
        var result = attempt.GetProperty("result");
        Assert.Equal(decision.ToLowerInvariant(), result.GetProperty("livenessDecision").GetString());
        Assert.Matches("^[0-9A-F]{64}$", result.GetProperty("digest").GetString());
        Assert.True(result.GetProperty("targets").GetProperty("color").GetProperty("faceRectangle").GetProperty("width").GetInt32() > 0);
        Assert.False(result.Has("sessionImageId"));
        Assert.False(attempt.Has("error"));
    }

    [Fact]
    public async Task Get_FailedAttempt_ReturnsErrorWithTargetsAndNoResult()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.FailAttemptAsync(sessionId, "FaceWithMaskDetected");

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        var session = await response.ReadJsonAsync();
        Assert.Equal("Failed", session.GetProperty("status").GetString());
        var attempt = Assert.Single(session.GetProperty("results").GetProperty("attempts").EnumerateArray());
        Assert.Equal("Failed", attempt.GetProperty("attemptStatus").GetString());
        Assert.False(attempt.Has("result"));
        var error = attempt.GetProperty("error");
        Assert.Equal("FaceWithMaskDetected", error.GetProperty("code").GetString());
        Assert.Equal("Mask detected on face image.", error.GetProperty("message").GetString());
        Assert.True(error.GetProperty("targets").GetProperty("color").Has("faceRectangle"));
    }

    [Fact]
    public async Task Get_UnknownId_Returns404SessionNotFoundNotBilled()
    {
        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}");

        var message = await response.AssertFaceErrorAsync(404, "SessionNotFound");
        Assert.Equal("Session Id is not found. The session id is expired or does not exist.", message);
        Assert.False(response.Headers.Contains("CSP-Billing-Usage"));
    }

    [Fact]
    public async Task Get_VerifySessionOnLivenessPath_Returns404SessionNotFound()
    {
        var verifySessionId = await Face.NewVerifySessionAsync();

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{verifySessionId}");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }
}
