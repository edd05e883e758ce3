using System.Net;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class SessionExpiryTests : EmulatorTest
{
    [Fact]
    public async Task Start_BeforeTokenTtlElapsed_ReturnsRunning()
    {
        var sessionId = await Face.NewLivenessSessionAsync(ttl: 120);
        Emulator.Time.Advance(TimeSpan.FromSeconds(119));

        var session = await Emulator.Control.StartSessionAsync(sessionId);

        Assert.Equal("Running", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_AfterTokenTtlElapsed_Returns401TokenExpired()
    {
        var sessionId = await Face.NewLivenessSessionAsync(ttl: 120);
        Emulator.Time.Advance(TimeSpan.FromSeconds(120));

        using var control = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var response = await control.PostAsync($"emulator/sessions/{sessionId}/start", null);

        await response.AssertFaceErrorAsync(401, "TokenExpired");
    }

    [Fact]
    public async Task Attempt_AfterDefaultTokenTtlOf600Seconds_IsRefused()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        Emulator.Time.Advance(TimeSpan.FromSeconds(600));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => Emulator.Control.CompleteAsync(sessionId));

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
    }

    [Fact]
    public async Task Get_AfterTokenExpired_StillReturnsSession()
    {
        var sessionId = await Face.NewLivenessSessionAsync(ttl: 60);
        Emulator.Time.Advance(TimeSpan.FromHours(1));

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_JustBefore48Hours_ReturnsSession()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        Emulator.Time.Advance(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));

        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetDeleteAndImage_48HoursAfterCreate_Return404SessionNotFound()
    {
        var sessionId = await Face.NewLivenessSessionAsync(enableSessionImage: true);
        var completed = await Emulator.Control.CompleteAsync(sessionId);
        var imageId = completed.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
        Emulator.Time.Advance(TimeSpan.FromHours(48));

        using var get = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");
        using var image = await Face.GetAsync($"sessionImages/{imageId}");
        using var delete = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");

        await get.AssertFaceErrorAsync(404, "SessionNotFound");
        await image.AssertFaceErrorAsync(404, "SessionNotFound");
        await delete.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task GetVerifySession_48HoursAfterCreate_Returns404SessionNotFound()
    {
        var sessionId = await Face.NewVerifySessionAsync();
        Emulator.Time.Advance(TimeSpan.FromHours(48));

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }
}
