using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Liveness.Emulator.Tests.Ui;

/// <summary>
/// The stand-in liveness UI: its module is served to any origin, and its buttons' call finishes the session the
/// auth token names, and only that one; anything but a token the emulator issued is refused.
/// </summary>
public sealed class StandInUiTests : EmulatorTest
{
    private const string Origin = "http://127.0.0.1:5173";

    [Fact]
    public async Task Module_FromAnotherOrigin_IsJavaScriptDefiningTheElementWithCors()
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "emulator/ui/azure-ai-vision-face-ui.js");
        request.Headers.Add("Origin", Origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var module = await response.Content.ReadAsStringAsync();
        Assert.Contains("customElements.define('azure-ai-vision-face-ui'", module, StringComparison.Ordinal);
        Assert.Contains("start(authToken)", module, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("realface")]
    [InlineData("spoofface")]
    public async Task Attempt_WithTheSessionsAuthToken_FinishesThatSessionWithTheDecision_204(string decision)
    {
        var (sessionId, token) = await NewSessionAsync();
        var other = await Face.NewLivenessSessionAsync();

        using var response = await PostAttemptAsync(token, $$"""{"decision":"{{decision}}"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var session = await (await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}")).ReadJsonAsync();
        Assert.Equal("Succeeded", session.GetProperty("status").GetString());
        Assert.Equal(decision, session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("livenessDecision").GetString());
        var untouched = await (await Face.GetAsync($"{FaceApi.LivenessPath}/{other}")).ReadJsonAsync();
        Assert.Equal("NotStarted", untouched.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Attempt_Preflight_FromAnyOrigin_AllowsAuthorizationAndJson()
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, "emulator/ui/attempts");
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        Assert.Contains("AUTHORIZATION", allowed, StringComparison.Ordinal);
        Assert.Contains("CONTENT-TYPE", allowed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("tampered")]
    public async Task Attempt_WithoutAnAuthTokenTheEmulatorIssued_401_SessionUntouched(string? kind)
    {
        var (sessionId, token) = await NewSessionAsync();
        var sent = kind switch
        {
            null => null,
            "tampered" => Tamper(token),
            _ => kind,
        };

        using var response = await PostAttemptAsync(sent, """{"decision":"realface"}""");

        await response.AssertFaceErrorAsync(401, "401");
        var session = await (await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}")).ReadJsonAsync();
        Assert.Equal("NotStarted", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Attempt_AfterTheTokensLifetime_401TokenExpired()
    {
        var (_, token) = await NewSessionAsync(ttl: 60);
        Emulator.Time.Advance(TimeSpan.FromSeconds(61));

        using var response = await PostAttemptAsync(token, """{"decision":"realface"}""");

        await response.AssertFaceErrorAsync(401, "TokenExpired");
    }

    [Fact]
    public async Task Attempt_Twice_SecondIs409()
    {
        var (_, token) = await NewSessionAsync();
        using var first = await PostAttemptAsync(token, """{"decision":"realface"}""");

        using var second = await PostAttemptAsync(token, """{"decision":"spoofface"}""");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await second.AssertFaceErrorAsync(409, "Conflict");
    }

    [Fact]
    public async Task Attempt_UnknownDecision_400()
    {
        var (_, token) = await NewSessionAsync();

        using var response = await PostAttemptAsync(token, """{"decision":"maybe"}""");

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }

    private async Task<(string SessionId, string AuthToken)> NewSessionAsync(int? ttl = null)
    {
        using var response = await Face.CreateLivenessSessionAsync(ttl: ttl);
        var session = await response.ReadJsonAsync();
        return (session.GetProperty("sessionId").GetString()!, session.GetProperty("authToken").GetString()!);
    }

    private async Task<HttpResponseMessage> PostAttemptAsync(string? token, string json)
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "emulator/ui/attempts")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The same token with one character of its signature changed.</summary>
    private static string Tamper(string token)
    {
        var last = token[^2] == 'A' ? 'B' : 'A';
        return string.Concat(token.AsSpan(0, token.Length - 2), last.ToString(), token.AsSpan(token.Length - 1));
    }
}
