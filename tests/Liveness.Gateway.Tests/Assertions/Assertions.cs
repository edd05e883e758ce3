using System.Text.Json;
using Liveness.Gateway.Assertions;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>Verdicts to assert and assertions issued by a gateway under test, taken apart.</summary>
internal static class Assertions
{
    public static LivenessVerdict Pass(SessionKind kind = SessionKind.Liveness, DateTimeOffset? decidedAt = null) => new(
        Guid.NewGuid().ToString(),
        kind,
        LivenessVerdict.RealFace,
        kind == SessionKind.LivenessWithVerify ? true : null,
        kind == SessionKind.LivenessWithVerify ? 0.87 : null,
        "2024-11-15",
        "B0A803BB7B26F3C8F29CD36030F8E63ED3FAF955FEEED8A5CF8E5EEA1B5F8C76",
        decidedAt ?? DateTimeOffset.UtcNow.AddSeconds(-5));

    /// <summary>An assertion of <paramref name="verdict"/> (a pass unless given) for <paramref name="subject"/> of the fixture's identity provider.</summary>
    public static LivenessAssertion Issue(this GatewayApp gateway, GatewayFixture fixture, string subject, string audience, LivenessVerdict? verdict = null) =>
        gateway.Services.GetRequiredService<LivenessAssertionIssuer>()
            .Issue(UserId.Create(fixture.Issuer.Tokens.Issuer, subject), verdict ?? Pass(), audience);

    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    /// <summary>The token with its payload replaced by <paramref name="payload"/> (the signature kept).</summary>
    public static string WithPayload(string token, string payload)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[index])).RootElement.Clone();
}
