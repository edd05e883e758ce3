using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>
/// Tokens IdentityModel accepts by default but a strict gateway must not: an audience that differs by a
/// trailing slash, <c>iat</c> in the future, an unknown <c>crit</c> header parameter, NumericDate claims as
/// strings. Each is signed by the trusted issuer's real key, so only the rule under test can refuse it.
/// </summary>
public sealed class StrictTokenTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Dictionary<string, object> NoExtraHeader = [];

    [Fact]
    public async Task Create_RawSignedStandardToken_Succeeds()
    {
        // The control: the hand-signed shape used below is accepted when no rule is broken.
        var token = fixture.Issuer.Tokens.SignRaw(NoExtraHeader, fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser()));

        var response = await CreateWithAsync(token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_AudienceWithTrailingSlash_Returns401()
    {
        var payload = fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser());
        payload["aud"] = GatewayFixture.Audience + "/";

        await AssertRefusedAsync(fixture.Issuer.Tokens.SignRaw(NoExtraHeader, payload));
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(10L * 365 * 24 * 3600)]
    public async Task Create_IssuedInTheFuture_Returns401(long secondsAhead)
    {
        var payload = fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser());
        payload["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + secondsAhead;
        payload["exp"] = (long)payload["iat"] + 1800;

        await AssertRefusedAsync(fixture.Issuer.Tokens.SignRaw(NoExtraHeader, payload));
    }

    [Fact]
    public async Task Create_IssuedWithinClockSkew_Succeeds()
    {
        var payload = fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser());
        payload["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 30; // a provider's clock a little ahead

        var response = await CreateWithAsync(fixture.Issuer.Tokens.SignRaw(NoExtraHeader, payload));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_UnknownCriticalHeaderParameter_Returns401()
    {
        var header = new Dictionary<string, object> { ["crit"] = new[] { "x-unknown" }, ["x-unknown"] = true };

        await AssertRefusedAsync(fixture.Issuer.Tokens.SignRaw(header, fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser())));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task Create_NumericDateAsString_Returns401(string claim)
    {
        var payload = fixture.Issuer.Tokens.StandardPayload(GatewayFixture.NewUser());
        payload[claim] = payload[claim].ToString()!;

        await AssertRefusedAsync(fixture.Issuer.Tokens.SignRaw(NoExtraHeader, payload));
    }

    private async Task AssertRefusedAsync(string token)
    {
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await CreateWithAsync(token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.DoesNotContain(token, fixture.Gateway.Logs.AllText, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> CreateWithAsync(string token)
    {
        using var client = fixture.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.PostAsJsonAsync("/api/liveness/sessions", new { });
    }
}
