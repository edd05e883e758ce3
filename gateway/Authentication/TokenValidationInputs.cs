using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// What a validation's outcome depends on besides the token itself, as JwtBearer hands it over for one
/// request. A remembered outcome is reused only while every part is the same: the handler and the OIDC
/// configuration as the very same objects, the signing keys as the same key objects, the issuers as the
/// same strings. (JwtBearer clones the parameters per request, lists included, so the lists themselves
/// are never the same objects.)
/// </summary>
internal sealed class TokenValidationInputs
{
    /// <param name="handler">The handler that validates; one per <c>JwtBearerOptions</c> instance, so a
    /// rebuilt options instance (other audiences, issuers, keys) never reuses an older outcome.</param>
    /// <param name="configuration">The OIDC configuration (signing keys, issuer) current before validation,
    /// or null without discovery. A refresh replaces the object.</param>
    /// <param name="signingKeys">The signing keys handed to this validation (static keys, or keys a
    /// configuration manager without <see cref="BaseConfigurationManager"/> added for this request).</param>
    /// <param name="validIssuers">The issuers handed to this validation (same reasoning).</param>
    public TokenValidationInputs(object handler, BaseConfiguration? configuration, IEnumerable<SecurityKey>? signingKeys, IEnumerable<string>? validIssuers)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
        Configuration = configuration;
        SigningKeys = signingKeys is null ? [] : [.. signingKeys];
        ValidIssuers = validIssuers is null ? [] : [.. validIssuers];
    }

    public object Handler { get; }

    public BaseConfiguration? Configuration { get; }

    public IReadOnlyList<SecurityKey> SigningKeys { get; }

    public IReadOnlyList<string> ValidIssuers { get; }

    /// <summary>True when <paramref name="other"/> names the same handler, configuration and key objects, and the same issuers.</summary>
    public bool IsSameAs(TokenValidationInputs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(Handler, other.Handler)
            && ReferenceEquals(Configuration, other.Configuration)
            && SigningKeys.SequenceEqual(other.SigningKeys, ReferenceEqualityComparer.Instance)
            && ValidIssuers.SequenceEqual(other.ValidIssuers, StringComparer.Ordinal);
    }
}
