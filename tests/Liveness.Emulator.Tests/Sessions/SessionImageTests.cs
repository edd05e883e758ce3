using System.Net;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class SessionImageTests : EmulatorTest
{
    private async Task<(string SessionId, string ImageId)> CompletedSessionWithImageAsync(bool enableSessionImage = true, bool? sessionImage = null)
    {
        var sessionId = await Face.NewLivenessSessionAsync(enableSessionImage);
        var session = await Emulator.Control.CompleteAsync(sessionId, sessionImage: sessionImage);
        var result = session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result");
        return (sessionId, result.TryGetProperty("sessionImageId", out var id) ? id.GetString()! : string.Empty);
    }

    [Fact]
    public async Task Complete_SessionImageEnabled_ReturnsRealisticImageId()
    {
        var (_, imageId) = await CompletedSessionWithImageAsync();

        Assert.Matches("^[A-Za-z0-9_-]{44}$", imageId);
    }

    [Fact]
    public async Task Complete_SessionImageRequestedByClient_ReturnsImageIdWithoutEnableSessionImage()
    {
        var (_, imageId) = await CompletedSessionWithImageAsync(enableSessionImage: false, sessionImage: true);

        Assert.Matches("^[A-Za-z0-9_-]{44}$", imageId);
    }

    [Fact]
    public async Task GetImage_Existing_ReturnsJpegAsOctetStreamAttachment()
    {
        var (_, imageId) = await CompletedSessionWithImageAsync();

        using var response = await Face.GetAsync($"sessionImages/{imageId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            $"attachment; filename={imageId}.jpg; filename*=UTF-8''{imageId}.jpg",
            string.Join(", ", response.Content.Headers.GetValues("Content-Disposition")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.Equal([0xFF, 0xD9], bytes[^2..]);
        Assert.Equal("CognitiveServices.Face.Transaction=1", response.Headers.GetValues("CSP-Billing-Usage").Single());
    }

    [Fact]
    public async Task GetImage_AfterSessionDeleted_Returns404()
    {
        var (sessionId, imageId) = await CompletedSessionWithImageAsync();
        using var deleted = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");

        using var response = await Face.GetAsync($"sessionImages/{imageId}");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task GetImage_UnknownId_Returns404()
    {
        using var response = await Face.GetAsync("sessionImages/AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }
}
