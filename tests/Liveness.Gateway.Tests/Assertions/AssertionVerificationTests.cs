using System.Net;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>
/// An app's backend (the sample, stock JwtBearer) verifies the gateway's assertions offline with the keys of the
/// gateway's JWK Set, fetched over real HTTP, and refuses any that is not for it, expired, altered or not an
/// assertion at all.
/// </summary>
public sealed class AssertionVerificationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Backend = "payments-api";

    [Fact]
    public async Task WhoPassed_AssertionFromGateway_VerifiesWithStockJwtBearerThroughJwks()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(gateway);
        var alice = GatewayFixture.NewUser("alice");
        var verdict = Assertions.Pass(SessionKind.LivenessWithVerify, DateTimeOffset.UtcNow.AddSeconds(-20));
        var assertion = gateway.Issue(fixture, alice, Backend, verdict);

        foreach (var asBearer in new[] { false, true })
        {
            var pass = await (await backend.WhoPassedAsync(assertion.Token, asBearer)).ReadJsonAsync(HttpStatusCode.OK);

            Assert.Equal(alice, pass.GetProperty("subject").GetString());
            Assert.Equal(fixture.Issuer.Tokens.Issuer, pass.GetProperty("identityProvider").GetString());
            Assert.Equal(verdict.DecidedAt.ToUnixTimeSeconds(), pass.GetProperty("passedAt").GetDateTimeOffset().ToUnixTimeSeconds());
            Assert.Equal(verdict.SessionId, pass.GetProperty("sessionId").GetString());
            Assert.Equal("livenessWithVerify", pass.GetProperty("kind").GetString());
            Assert.True(pass.GetProperty("isIdentical").GetBoolean());
            Assert.Equal(Backend, pass.GetProperty("audience").GetString());
        }
    }

    [Fact]
    public async Task WhoPassed_AssertionForAnotherAudience_Returns401()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(gateway);
        var user = GatewayFixture.NewUser();

        var response = await backend.WhoPassedAsync(gateway.Issue(fixture, user, "another-backend").Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("audience", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await backend.WhoPassedAsync(gateway.Issue(fixture, user, Backend).Token)).StatusCode);
    }

    [Fact]
    public async Task WhoPassed_AssertionPastItsLifetime_Returns401()
    {
        await using var jwks = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(jwks);

        // Another replica (same keys) whose clock says the assertion was issued 10 minutes ago: lifetime 1 minute,
        // the backend's clock skew 30 s.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        await using var replica = fixture.CreateGateway(services: services => services.AddSingleton<TimeProvider>(time));
        var user = GatewayFixture.NewUser();
        var expired = replica.Issue(fixture, user, Backend);

        var response = await backend.WhoPassedAsync(expired.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
        time.SetUtcNow(DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, (await backend.WhoPassedAsync(replica.Issue(fixture, user, Backend).Token)).StatusCode);
    }

    [Fact]
    public async Task WhoPassed_PayloadAlteredAfterSigning_Returns401()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(gateway);
        var token = gateway.Issue(fixture, GatewayFixture.NewUser(), Backend).Token;
        var payload = Assertions.Payload(token).GetRawText();
        var mallory = GatewayFixture.NewUser("mallory");

        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(payload)!;
        claims["sub"] = JsonSerializer.SerializeToElement(mallory);
        var altered = Assertions.WithPayload(token, JsonSerializer.Serialize(claims));

        var response = await backend.WhoPassedAsync(altered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await backend.WhoPassedAsync(Assertions.WithPayload(token, payload))).StatusCode); // the same bytes re-encoded pass
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("JWT", HttpStatusCode.Unauthorized)]
    [InlineData("at+jwt", HttpStatusCode.Unauthorized)]
    [InlineData("liveness+jwt", HttpStatusCode.OK)]
    public async Task WhoPassed_TokenSignedWithTheGatewayKey_IsAcceptedOnlyWithTypLivenessJwt(string? typ, HttpStatusCode expected)
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(gateway);
        var genuine = gateway.Issue(fixture, GatewayFixture.NewUser(), Backend).Token;
        var header = new Dictionary<string, object> { ["alg"] = "ES256", ["kid"] = GatewayFixture.AssertionKey.Thumbprint };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        var token = GatewayFixture.AssertionKey.SignRaw(header, JsonSerializer.Deserialize<Dictionary<string, object>>(Assertions.Payload(genuine).GetRawText())!);

        Assert.Equal(expected, (await backend.WhoPassedAsync(token)).StatusCode);
    }

    [Fact]
    public async Task WhoPassed_UserAccessTokenOfTheIdentityProvider_Returns401()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        await using var backend = Verifier(gateway, issuer: fixture.Issuer.Tokens.Issuer);

        var response = await backend.WhoPassedAsync(fixture.Issuer.Tokens.Create(GatewayFixture.NewUser(), audience: Backend));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static AssertionVerifierApp Verifier(GatewayApp gateway, string issuer = GatewayFixture.AssertionIssuer)
    {
        using var client = gateway.CreateClient(); // starts the gateway on its real port
        return new AssertionVerifierApp(client.BaseAddress!, Backend, issuer);
    }
}
