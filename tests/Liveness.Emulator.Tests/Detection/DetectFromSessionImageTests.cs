using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Detection;

/// <summary>
/// v1.2 <c>POST detect</c> on a session image: a deterministic face list with the fields the query asks for (Face's
/// defaults otherwise), Face's 400 for a query Face refuses, 404 for an image it does not have; each call logged
/// with its query.
/// </summary>
public sealed class DetectFromSessionImageTests : EmulatorTest
{
    [Fact]
    public async Task Detect_StoredImageWithQuery_ReturnsOneFaceWithExactlyWhatWasAskedFor_AndLogsTheQuery()
    {
        var imageId = await CompletedSessionImageAsync();
        const string query = "detectionModel=detection_03&recognitionModel=recognition_04&returnFaceId=true&returnFaceLandmarks=true&returnRecognitionModel=true&returnFaceAttributes=headPose,mask,qualityForRecognition&faceIdTimeToLive=60";

        var faces = await DetectAsync(imageId, query);

        var face = Assert.Single(faces.EnumerateArray());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", face.GetProperty("faceId").GetString());
        Assert.Equal("recognition_04", face.GetProperty("recognitionModel").GetString());
        Assert.Equal(78, face.GetProperty("faceRectangle").GetProperty("width").GetInt32());
        Assert.Equal(27, face.GetProperty("faceLandmarks").EnumerateObject().Count());
        Assert.Equal(["headPose", "mask", "qualityForRecognition"], face.GetProperty("faceAttributes").EnumerateObject().Select(p => p.Name));
        Assert.Equal("high", face.GetProperty("faceAttributes").GetProperty("qualityForRecognition").GetString());
        Assert.Equal(faces.GetRawText(), (await DetectAsync(imageId, query)).GetRawText()); // deterministic
        var call = (await Emulator.Control.GetCallsAsync()).Requests.Last(c => c.Operation == EmulatorOperations.DetectFromSessionImageId);
        Assert.Equal("POST", call.Method);
        Assert.Equal("?" + query, Uri.UnescapeDataString(call.Query));
    }

    [Fact]
    public async Task Detect_NoFaceIdNoLandmarksNoAttributes_ReturnsTheRectangleOnly()
    {
        var imageId = await CompletedSessionImageAsync();

        var faces = await DetectAsync(imageId, "detectionModel=detection_03&recognitionModel=recognition_04&returnFaceId=false&returnFaceLandmarks=false&returnRecognitionModel=false");

        var face = Assert.Single(faces.EnumerateArray());
        Assert.Equal(["faceRectangle"], face.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Detect_NoQuery_FacesDefaultsReturnAFaceId()
    {
        var imageId = await CompletedSessionImageAsync();

        var face = Assert.Single((await DetectAsync(imageId, string.Empty)).EnumerateArray());

        Assert.True(face.TryGetProperty("faceId", out _));
        Assert.False(face.TryGetProperty("faceAttributes", out _));
    }

    [Fact]
    public async Task Detect_UnknownImageOrSessionDeleted_Returns404WithFacesErrorShape()
    {
        var (sessionId, imageId) = await CompletedSessionAsync();
        using var unknown = await PostAsync("AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9", string.Empty);
        await unknown.AssertFaceErrorAsync(404, "SessionNotFound");

        using var deleted = await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}");
        using var gone = await PostAsync(imageId, string.Empty);

        await gone.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Theory]
    [InlineData("detectionModel=detection_04")]
    [InlineData("recognitionModel=recognition_05")]
    [InlineData("detectionModel=detection_03&returnFaceAttributes=glasses")]
    [InlineData("detectionModel=detection_02&returnFaceLandmarks=true")]
    [InlineData("faceIdTimeToLive=59")]
    public async Task Detect_QueryFaceRefuses_Returns400BadArgument(string query)
    {
        var imageId = await CompletedSessionImageAsync();

        using var response = await PostAsync(imageId, query);

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }

    [Fact]
    public async Task Detect_BodyWithoutSessionImageId_Returns400()
    {
        using var response = await Face.PostAsJsonAsync("detect", new { url = "https://example.com/face.jpg" });

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    private async Task<string> CompletedSessionImageAsync() => (await CompletedSessionAsync()).ImageId;

    private async Task<(string SessionId, string ImageId)> CompletedSessionAsync()
    {
        var sessionId = await Face.NewLivenessSessionAsync(true);
        var session = await Emulator.Control.CompleteAsync(sessionId, sessionImage: true);
        return (sessionId, session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!);
    }

    private Task<HttpResponseMessage> PostAsync(string imageId, string query) =>
        Face.PostAsJsonAsync(query.Length == 0 ? "detect" : $"detect?{query}", new { sessionImageId = imageId });

    private async Task<JsonElement> DetectAsync(string imageId, string query)
    {
        using var response = await PostAsync(imageId, query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
