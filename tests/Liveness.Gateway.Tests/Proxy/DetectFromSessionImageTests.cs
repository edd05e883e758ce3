using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>
/// <c>POST /api/liveness/session-images/{sessionImageId}/detect</c>: the owner of the image gets Face's detection;
/// Face gets the query the gateway's settings fix and a body naming the path's image, whatever the client sent;
/// another user's, an unknown or a malformed image id is refused without a Face call.
/// </summary>
public sealed class DetectFromSessionImageTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string DefaultQuery = "?detectionModel=detection_03&recognitionModel=recognition_04&returnFaceId=false&returnFaceLandmarks=false&returnRecognitionModel=false";

    [Fact]
    public async Task Detect_Owner_GetsFacesAnswer_FaceGetsTheConfiguredQueryAndTheImageId()
    {
        var user = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(user);
        var imageId = await SeenImageAsync(owner);

        using var response = await owner.PostAsync($"/api/liveness/session-images/{imageId}/detect", content: null);

        var faces = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["faceRectangle"], Assert.Single(faces.EnumerateArray()).EnumerateObject().Select(p => p.Name));
        var call = await LastDetectCallAsync();
        Assert.Equal(DefaultQuery, call.Query);
        Assert.Equal(imageId, JsonDocument.Parse(call.Body!).RootElement.GetProperty("sessionImageId").GetString());
        Assert.Equal("application/json", call.Header("Content-Type")?.Split(';')[0]);
        var audited = Assert.Single(fixture.Gateway.Logs.Entries, e => e.EventId.Id == 6009 && Equals(e.Values["SessionImageId"], imageId));
        Assert.Equal(fixture.OwnerKeyOf(user), audited.Values["UserKey"]);
    }

    [Fact]
    public async Task Detect_ClientSendsItsOwnQueryAndBody_FaceGetsTheConfiguredQueryAndThePathsImageOnly()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var imageId = await SeenImageAsync(owner);
        var otherImage = await SeenImageAsync(owner);

        using var response = await owner.PostAsJsonAsync(
            $"/api/liveness/session-images/{imageId}/detect?returnFaceId=true&detectionModel=detection_01&returnFaceAttributes=age&faceIdTimeToLive=86400",
            new { sessionImageId = otherImage, url = "https://example.com/face.jpg" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await LastDetectCallAsync();
        Assert.Equal(DefaultQuery, call.Query);
        Assert.Equal($$"""{"sessionImageId":"{{imageId}}"}""", call.Body);
        Assert.False(Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()).TryGetProperty("faceId", out _));
    }

    [Fact]
    public async Task Detect_ConfiguredFaceIdLandmarksAndAttributes_FaceGetsExactlyThatQuery()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Face:DetectFromSessionImage:DetectionModel"] = "detection_01",
            ["Face:DetectFromSessionImage:RecognitionModel"] = "recognition_03",
            ["Face:DetectFromSessionImage:FaceAttributes:0"] = "headPose",
            ["Face:DetectFromSessionImage:FaceAttributes:1"] = "qualityForRecognition",
            ["Face:DetectFromSessionImage:ReturnFaceId"] = "true",
            ["Face:DetectFromSessionImage:ReturnFaceLandmarks"] = "true",
            ["Face:DetectFromSessionImage:ReturnRecognitionModel"] = "true",
            ["Face:DetectFromSessionImage:FaceIdTimeToLiveInSeconds"] = "120",
        });
        using var owner = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var imageId = await SeenImageAsync(owner);

        using var response = await owner.PostAsync($"/api/liveness/session-images/{imageId}/detect?returnFaceId=false", content: null);

        var face = Assert.Single((await response.ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.True(face.TryGetProperty("faceId", out _));
        Assert.Equal("recognition_03", face.GetProperty("recognitionModel").GetString());
        Assert.Equal(
            "?detectionModel=detection_01&recognitionModel=recognition_03&returnFaceId=true&returnFaceLandmarks=true&returnRecognitionModel=true&returnFaceAttributes=headPose,qualityForRecognition&faceIdTimeToLive=120",
            (await LastDetectCallAsync()).Query);
    }

    [Fact]
    public async Task Detect_AnotherUsersImage_Returns404WithoutCallingFace()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var imageId = await SeenImageAsync(owner);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await intruder.PostAsync($"/api/liveness/session-images/{imageId}/detect", content: null)).AssertProblemAsync(HttpStatusCode.NotFound, "SessionImageNotFound");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Theory]
    [InlineData("AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9", HttpStatusCode.NotFound, "SessionImageNotFound")]
    [InlineData("short", HttpStatusCode.BadRequest, "InvalidSessionImageId")]
    [InlineData("not!base64url-not!base64url", HttpStatusCode.BadRequest, "InvalidSessionImageId")]
    public async Task Detect_UnknownOrMalformedImageId_IsRefusedWithoutCallingFace(string imageId, HttpStatusCode status, string code)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await client.PostAsync($"/api/liveness/session-images/{imageId}/detect", content: null)).AssertProblemAsync(status, code);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Detect_ImageOfASessionFaceNoLongerHas_PassesOnFaces404()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var (sessionId, imageId) = await SeenImageOfSessionAsync(owner);
        using var face = new HttpClient { BaseAddress = fixture.Emulator.BaseAddress };
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"face/v1.2/detectLiveness-sessions/{sessionId}");
        delete.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Emulator.ApiKey);
        Assert.Equal(HttpStatusCode.NoContent, (await face.SendAsync(delete)).StatusCode);

        await (await owner.PostAsync($"/api/liveness/session-images/{imageId}/detect", content: null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<string> SeenImageAsync(HttpClient owner) => (await SeenImageOfSessionAsync(owner)).ImageId;

    /// <summary>A session with a session image, read by its owner once final (so the gateway has seen the image).</summary>
    private async Task<(string SessionId, string ImageId)> SeenImageOfSessionAsync(HttpClient owner)
    {
        var sessionId = await GatewayRequests.CreateLivenessAsync(owner);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        return (sessionId, result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!);
    }

    private async Task<EmulatorCall> LastDetectCallAsync() =>
        (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(c => c.Operation == EmulatorOperations.DetectFromSessionImageId);
}
