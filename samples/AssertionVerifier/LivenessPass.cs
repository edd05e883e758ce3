using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace Liveness.Samples.AssertionVerifier;

/// <summary>Who passed a liveness check, when, and in which session: read from a verified assertion.</summary>
public sealed record LivenessPass(
    string Subject,
    string IdentityProvider,
    DateTimeOffset PassedAt,
    string SessionId,
    string Kind,
    string Decision,
    bool? IsIdentical,
    string Audience)
{
    public static LivenessPass FromUser(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var liveness = JsonDocument.Parse(Claim(user, "liveness"));
        var verdict = liveness.RootElement;
        return new LivenessPass(
            Claim(user, "sub"),
            Claim(user, "idp"),
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(Claim(user, "auth_time"), CultureInfo.InvariantCulture)),
            verdict.GetProperty("sessionId").GetString()!,
            verdict.GetProperty("kind").GetString()!,
            verdict.GetProperty("decision").GetString()!,
            verdict.TryGetProperty("isIdentical", out var isIdentical) ? isIdentical.GetBoolean() : null,
            Claim(user, "aud"));
    }

    private static string Claim(ClaimsPrincipal user, string type) =>
        user.FindFirst(type)?.Value ?? throw new InvalidOperationException($"The assertion has no '{type}' claim.");
}
