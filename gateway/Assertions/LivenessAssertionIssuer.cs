using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Assertions;

/// <summary>
/// Signs what an app's backend acts on: that <c>sub</c> of identity provider <c>idp</c> passed the liveness check
/// of <c>liveness.sessionId</c> at <c>auth_time</c>. A compact JWS, <c>alg</c> ES256, header <c>typ</c>
/// <see cref="TokenType"/> (so it is never mistaken for an access or ID token) and <c>kid</c>; valid for
/// <c>Liveness:Assertions:Lifetime</c>, for one audience. Only a pass is ever asserted.
/// </summary>
internal sealed class LivenessAssertionIssuer(AssertionSigningKeys keys, IOptions<AssertionOptions> options, TimeProvider time)
{
    /// <summary>The JWS <c>typ</c> header of every assertion; verifiers require it.</summary>
    public const string TokenType = "liveness+jwt";

    /// <summary>The claim holding the verdict.</summary>
    public const string LivenessClaim = "liveness";

    // The times come from the descriptor (the app's TimeProvider), never the handler's own clock; no nbf.
    private static readonly JsonWebTokenHandler s_handler = new() { SetDefaultTimesOnTokenCreation = false };

    // Read once, when the gateway starts (AssertionsExtensions creates this issuer then): IOptions computes its value
    // at first use, and after a reload that brought a bad key that would be a validation failure instead. Only the
    // keys follow reloads (AssertionSigningKeys); issuer, lifetime and audiences take a restart.
    private readonly AssertionOptions _settings = options.Value;

    /// <summary>True when an app may ask an assertion for <paramref name="audience"/> (one of <c>Liveness:Assertions:Audiences</c>).</summary>
    public bool AllowsAudience(string? audience) => _settings.AllowsAudience(audience);

    public LivenessAssertion Issue(UserId user, LivenessVerdict verdict, string audience)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        if (!verdict.IsPass)
        {
            throw new ArgumentException("Only a pass is asserted: this verdict is not one.", nameof(verdict));
        }

        var settings = _settings;
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds()); // JWT times are whole seconds
        var expiresAt = issuedAt + settings.Lifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = settings.IssuerOrDevelopmentDefault,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = keys.Current.Signing.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Subject,
                ["idp"] = user.Issuer,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [JwtRegisteredClaimNames.AuthTime] = verdict.DecidedAt.ToUnixTimeSeconds(),
                [LivenessClaim] = Liveness(verdict),
            },
        };
        return new LivenessAssertion(s_handler.CreateToken(descriptor), expiresAt);
    }

    private static Dictionary<string, object?> Liveness(LivenessVerdict verdict)
    {
        var liveness = new Dictionary<string, object?>
        {
            ["sessionId"] = verdict.SessionId,
            ["kind"] = verdict.Kind.ToName(),
            ["decision"] = verdict.Decision,
            ["modelVersion"] = verdict.ModelVersion,
            ["digest"] = verdict.Digest,
        };
        if (verdict.IsIdentical is { } isIdentical)
        {
            liveness["isIdentical"] = isIdentical;
        }

        if (verdict.MatchConfidence is { } matchConfidence)
        {
            liveness["matchConfidence"] = matchConfidence;
        }

        return liveness;
    }
}
