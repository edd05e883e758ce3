using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>Every /api route requires a valid end-user token; without one, 401 problem+json and nothing reaches Face.</summary>
public sealed class AuthenticationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/api/liveness/sessions" },
        { "GET", "/api/liveness/sessions" },
        { "GET", $"/api/liveness/sessions/{Guid.NewGuid()}" },
        { "DELETE", $"/api/liveness/sessions/{Guid.NewGuid()}" },
        { "POST", "/api/liveness-with-verify/sessions" },
        { "GET", $"/api/liveness-with-verify/sessions/{Guid.NewGuid()}" },
        { "DELETE", $"/api/liveness-with-verify/sessions/{Guid.NewGuid()}" },
        { "GET", "/api/liveness/session-images/AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnyRoute_NoToken_Returns401ProblemWithoutFaceCall(string method, string path)
    {
        using var client = fixture.Gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { }) : null });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenMissing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Create_InvalidTokens_Return401WithoutFaceCall()
    {
        var tokens = fixture.Issuer.Tokens;
        string[] invalid =
        [
            tokens.Create("expired-user", lifetime: TimeSpan.FromMinutes(5), now: DateTime.UtcNow.AddHours(-1)),
            tokens.Create("wrong-audience", audience: "another-api"),
            tokens.Create("wrong-issuer", issuer: "https://evil.example"),
            tokens.CreateForged("forged-user"),
            "not.a.jwt",
            "",
        ];
        var before = await fixture.Emulator.Control.GetCallsAsync();

        foreach (var token in invalid)
        {
            using var client = fixture.Gateway.CreateClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");
            var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        var logs = fixture.Gateway.Logs.AllText;
        Assert.All(invalid.Where(t => t.Length > 20), token => Assert.DoesNotContain(token, logs, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("expired", "BearerTokenExpired")]
    [InlineData("wrong-audience", "BearerTokenWrongAudience")]
    [InlineData("wrong-issuer", "BearerTokenInvalid")]
    [InlineData("forged", "BearerTokenInvalid")]
    [InlineData("not-a-jwt", "BearerTokenInvalid")]
    public async Task Create_RefusedToken_Returns401WithTheReasonsCodeAndChallenge(string kind, string code)
    {
        var tokens = fixture.Issuer.Tokens;
        var token = kind switch
        {
            "expired" => tokens.Create("expired-user", lifetime: TimeSpan.FromMinutes(5), now: DateTime.UtcNow.AddHours(-1)),
            "wrong-audience" => tokens.Create("wrong-audience", audience: "another-api"),
            "wrong-issuer" => tokens.Create("wrong-issuer", issuer: "https://evil.example"),
            "forged" => tokens.CreateForged("forged-user"),
            _ => "not.a.jwt",
        };
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, code);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task Create_TokenWithoutSubject_IsRefusedWithoutFaceCall()
    {
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(subject: string.Empty));

        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Create_ValidToken_Succeeds()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
        Assert.True(HttpStatusCode.Created == response.StatusCode, fixture.Gateway.Logs.AllText);
    }
}
