using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>What an assertion says: the header, the user, the verdict and the times (on the gateway's TimeProvider).</summary>
public sealed class LivenessAssertionIssuerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Issue_VerifySessionPass_SignsUserVerdictAndTimes()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, 400, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        await using var gateway = fixture.CreateGateway(services: services => services.AddSingleton<TimeProvider>(time));
        var alice = GatewayFixture.NewUser("alice");
        var verdict = Assertions.Pass(SessionKind.LivenessWithVerify, now.AddSeconds(-42));

        var assertion = gateway.Issue(fixture, alice, "payments-api", verdict);

        var header = Assertions.Header(assertion.Token);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("liveness+jwt", header.GetProperty("typ").GetString());
        Assert.Equal(GatewayFixture.AssertionKey.Thumbprint, header.GetProperty("kid").GetString());
        var claims = Assertions.Payload(assertion.Token);
        Assert.Equal(GatewayFixture.AssertionIssuer, claims.GetProperty("iss").GetString());
        Assert.Equal(alice, claims.GetProperty("sub").GetString());
        Assert.Equal(fixture.Issuer.Tokens.Issuer, claims.GetProperty("idp").GetString());
        Assert.Equal("payments-api", claims.GetProperty("aud").GetString());
        Assert.Equal(now.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(now.ToUnixTimeSeconds() + 60, claims.GetProperty("exp").GetInt64());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 60), assertion.ExpiresAt);
        Assert.Equal(verdict.DecidedAt.ToUnixTimeSeconds(), claims.GetProperty("auth_time").GetInt64());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        var liveness = claims.GetProperty("liveness");
        Assert.Equal(verdict.SessionId, liveness.GetProperty("sessionId").GetString());
        Assert.Equal("livenessWithVerify", liveness.GetProperty("kind").GetString());
        Assert.Equal("realface", liveness.GetProperty("decision").GetString());
        Assert.Equal(verdict.ModelVersion, liveness.GetProperty("modelVersion").GetString());
        Assert.Equal(verdict.Digest, liveness.GetProperty("digest").GetString());
        Assert.True(liveness.GetProperty("isIdentical").GetBoolean());
        Assert.Equal(0.87, liveness.GetProperty("matchConfidence").GetDouble());
    }

    [Fact]
    public void Issue_LivenessSessionPass_HasNoVerifyFieldsAndAFreshJti()
    {
        var user = GatewayFixture.NewUser();
        var verdict = Assertions.Pass() with { ModelVersion = null };

        var first = Assertions.Payload(fixture.Gateway.Issue(fixture, user, "payments-api", verdict).Token);
        var second = Assertions.Payload(fixture.Gateway.Issue(fixture, user, "payments-api", verdict).Token);

        var liveness = first.GetProperty("liveness");
        Assert.Equal("liveness", liveness.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, liveness.GetProperty("modelVersion").ValueKind);
        Assert.False(liveness.TryGetProperty("isIdentical", out _));
        Assert.False(liveness.TryGetProperty("matchConfidence", out _));
        Assert.NotEqual(first.GetProperty("jti").GetString(), second.GetProperty("jti").GetString());
    }

    [Fact]
    public async Task Issue_LifetimeSetting_SetsExp()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?> { ["Liveness:Assertions:Lifetime"] = "00:05:00" },
            services => services.AddSingleton<TimeProvider>(time));

        var claims = Assertions.Payload(gateway.Issue(fixture, GatewayFixture.NewUser(), "payments-api").Token);

        Assert.Equal(300, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    public static TheoryData<string> NotPasses => ["spoofface", "uncertain", "failed", "verifyMismatch"];

    [Theory]
    [MemberData(nameof(NotPasses))]
    public void Issue_VerdictThatIsNotAPass_IsRefused(string what)
    {
        var verdict = what switch
        {
            "failed" => Assertions.Pass() with { Decision = null },
            "verifyMismatch" => Assertions.Pass(SessionKind.LivenessWithVerify) with { IsIdentical = false },
            var decision => Assertions.Pass() with { Decision = decision },
        };
        Assert.False(verdict.IsPass);

        Assert.Throws<ArgumentException>(() => fixture.Gateway.Issue(fixture, GatewayFixture.NewUser(), "payments-api", verdict));
    }
}
