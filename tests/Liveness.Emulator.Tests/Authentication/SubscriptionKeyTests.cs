using System.Net;
using System.Net.Http.Headers;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Authentication;

public sealed class SubscriptionKeyTests : EmulatorTest
{
    private const string Unauthorized =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

    [Fact]
    public async Task Create_NoKey_Returns401WithServiceMessage()
    {
        using var anonymous = Emulator.CreateFaceClient(withApiKey: false);

        using var response = await anonymous.CreateLivenessSessionAsync();

        var message = await response.AssertFaceErrorAsync(401, "401");
        Assert.Equal(Unauthorized, message);
        Assert.False(response.Headers.Contains("CSP-Billing-Usage"));
    }

    [Fact]
    public async Task Get_WrongKey_Returns401()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        using var wrong = Emulator.CreateFaceClient(withApiKey: false);
        wrong.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", Emulator.ApiKey + "x");

        using var response = await wrong.GetAsync($"{FaceApi.LivenessPath}/{sessionId}");

        await response.AssertFaceErrorAsync(401, "401");
    }

    [Fact]
    public async Task Create_ConfiguredBearerToken_Returns200()
    {
        using var entra = Emulator.CreateFaceClient(withApiKey: false);
        entra.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.BearerToken);

        using var response = await entra.CreateLivenessSessionAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_WrongBearerToken_Returns401()
    {
        using var entra = Emulator.CreateFaceClient(withApiKey: false);
        entra.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.BearerToken + "x");

        using var response = await entra.CreateLivenessSessionAsync();

        await response.AssertFaceErrorAsync(401, "401");
    }

    [Fact]
    public async Task Create_ApiKeyAsBearerToken_Returns401()
    {
        using var entra = Emulator.CreateFaceClient(withApiKey: false);
        entra.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);

        using var response = await entra.CreateLivenessSessionAsync();

        await response.AssertFaceErrorAsync(401, "401");
    }

    [Fact]
    public async Task Create_BearerTokenNotConfigured_Returns401ForAnyBearer()
    {
        await using var keyOnly = await EmulatorHost.StartAsync(withBearerToken: false);
        using var entra = keyOnly.CreateFaceClient(withApiKey: false);
        entra.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await entra.CreateLivenessSessionAsync();

        Assert.Null(keyOnly.BearerToken);
        await response.AssertFaceErrorAsync(401, "401");
    }

    [Fact]
    public async Task ControlApi_NoKey_IsAccepted()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        using var anonymous = new HttpClient { BaseAddress = Emulator.BaseAddress };

        using var response = await anonymous.PostAsync($"emulator/sessions/{sessionId}/start", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
