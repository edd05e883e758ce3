using System.Net;

namespace Liveness.Emulator.Tests.Edge;

public sealed class ServiceHeadersTests : EmulatorTest
{
    public static TheoryData<string, string, bool> Requests => new()
    {
        { "POST", "face/v1.2/detectLiveness-sessions", true },
        { "POST", "face/v1.2/detectLiveness-sessions", false },
        { "GET", "face/v1.2/detectLiveness-sessions/unknown", true },
        { "GET", "face/v1.2/detectLivenessWithVerify-sessions/unknown", true },
        { "DELETE", "face/v1.2/detectLiveness-sessions/unknown", true },
        { "GET", "face/v1.2/sessionImages/unknown", true },
        { "GET", "face/v1.1-preview.1/detectLiveness/singleModal/sessions", true },
        { "GET", "emulator/calls", false },
        { "POST", "emulator/sessions/unknown/start", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnyResponse_CarriesApimRequestIdGuid(string method, string path, bool withKey)
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (withKey)
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", Emulator.ApiKey);
        }

        if (method == "POST")
        {
            request.Content = new StringContent("{}");
        }

        using var response = await client.SendAsync(request);

        Assert.True(Guid.TryParse(response.Headers.GetValues("apim-request-id").Single(), out _));
    }

    [Fact]
    public async Task TwoResponses_HaveDifferentApimRequestIds()
    {
        using var first = await Face.CreateLivenessSessionAsync();
        using var second = await Face.CreateLivenessSessionAsync();

        Assert.NotEqual(first.Headers.GetValues("apim-request-id").Single(), second.Headers.GetValues("apim-request-id").Single());
    }

    [Fact]
    public async Task FaceResponse_CarriesRegion()
    {
        using var response = await Face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}");

        Assert.Equal("West US 2", response.Headers.GetValues("x-ms-region").Single());
    }

    [Theory]
    [InlineData("face/v1.1-preview.1/detectLiveness/singleModal/sessions")]
    [InlineData("face/v1.3-preview.2/detectLiveness-sessions")]
    [InlineData("face/v2/detectLiveness-sessions")]
    [InlineData("face/v1.2/livenessSessions")]
    public async Task UnknownVersionOrPath_Returns404Envelope(string path)
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", Emulator.ApiKey);

        using var response = await client.PostAsync(path, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.AssertFaceErrorAsync(404, "404");
        Assert.False(response.Headers.Contains("CSP-Billing-Usage"));
    }
}
