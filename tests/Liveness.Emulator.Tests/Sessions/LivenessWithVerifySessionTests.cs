using System.Net;
using System.Security.Cryptography;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class LivenessWithVerifySessionTests : EmulatorTest
{
    private static Dictionary<string, string> Fields(bool returnVerifyImageHash = false, string? threshold = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = Guid.NewGuid().ToString(),
            ["returnVerifyImageHash"] = returnVerifyImageHash ? "true" : "false",
        };
        if (threshold is not null)
        {
            fields["verifyConfidenceThreshold"] = threshold;
        }

        return fields;
    }

    [Fact]
    public async Task Get_AfterCreate_OmitsReferenceTypeAndEmptiesAuthToken()
    {
        var sessionId = await Face.NewVerifySessionAsync();

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.ReadJsonAsync();
        Assert.Equal(string.Empty, session.GetProperty("authToken").GetString());
        var reference = Assert.Single(session.GetProperty("results").GetProperty("verifyReferences").EnumerateArray());
        Assert.False(reference.Has("referenceType"));
        Assert.True(reference.Has("faceRectangle"));
    }

    [Fact]
    public async Task Get_Completed_ReturnsVerifyResultAndImageHash()
    {
        var sessionId = await Face.NewVerifySessionAsync(Fields(returnVerifyImageHash: true));
        await Emulator.Control.CompleteAsync(sessionId, "realface", matchConfidence: 0.87, isIdentical: true);

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        var session = await response.ReadJsonAsync();
        Assert.Equal("Succeeded", session.GetProperty("status").GetString());
        var result = Assert.Single(session.GetProperty("results").GetProperty("attempts").EnumerateArray()).GetProperty("result");
        Assert.Equal("realface", result.GetProperty("livenessDecision").GetString());
        Assert.Equal(0.87, result.GetProperty("verifyResult").GetProperty("matchConfidence").GetDouble(), 5);
        Assert.True(result.GetProperty("verifyResult").GetProperty("isIdentical").GetBoolean());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(FaceApi.VerifyImage)), result.GetProperty("verifyImageHash").GetString());
    }

    [Fact]
    public async Task Get_CompletedWithoutHashRequested_OmitsVerifyImageHash()
    {
        var sessionId = await Face.NewVerifySessionAsync(Fields(returnVerifyImageHash: false));
        await Emulator.Control.CompleteAsync(sessionId);

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        var result = Assert.Single((await response.ReadJsonAsync()).GetProperty("results").GetProperty("attempts").EnumerateArray()).GetProperty("result");
        Assert.False(result.Has("verifyImageHash"));
        Assert.True(result.GetProperty("verifyResult").GetProperty("isIdentical").GetBoolean());
    }

    [Fact]
    public async Task Get_MatchBelowSessionThreshold_ReportsNotIdentical()
    {
        var sessionId = await Face.NewVerifySessionAsync(Fields(threshold: "0.9"));
        await Emulator.Control.CompleteAsync(sessionId, matchConfidence: 0.6);

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        var result = Assert.Single((await response.ReadJsonAsync()).GetProperty("results").GetProperty("attempts").EnumerateArray()).GetProperty("result");
        Assert.False(result.GetProperty("verifyResult").GetProperty("isIdentical").GetBoolean());
    }

    [Fact]
    public async Task Delete_VerifySession_Returns204ThenGetReturns404()
    {
        var sessionId = await Face.NewVerifySessionAsync();

        using var deleted = await Face.DeleteAsync($"{FaceApi.VerifyPath}/{sessionId}");
        using var after = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await after.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task Get_LivenessSessionOnVerifyPath_Returns404SessionNotFound()
    {
        var sessionId = await Face.NewLivenessSessionAsync();

        using var response = await Face.GetAsync($"{FaceApi.VerifyPath}/{sessionId}");

        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }
}
