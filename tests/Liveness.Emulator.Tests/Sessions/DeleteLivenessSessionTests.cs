using System.Net;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class DeleteLivenessSessionTests : EmulatorTest
{
    [Fact]
    public async Task Delete_ExistingSession_Returns204WithoutBodyThenGetReturns404()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var deleted = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");
        using var after = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.Equal("CognitiveServices.Face.Transaction=1", deleted.Headers.GetValues("CSP-Billing-Usage").Single());
        await after.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task Delete_Twice_SecondReturns404()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        using var first = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");

        using var second = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");

        await second.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task Delete_LivenessSessionOnVerifyPath_Returns404AndKeepsSession()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var wrongKind = await Face.DeleteAsync($"{FaceApi.VerifyPath}/{sessionId}");
        using var stillThere = await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        await wrongKind.AssertFaceErrorAsync(404, "SessionNotFound");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Delete_Session_ControlApiNoLongerFindsIt()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        using var deleted = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => Emulator.Control.StartSessionAsync(sessionId));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }
}
