using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Testing;

/// <summary>
/// An OIDC-like token issuer for tests: an RSA key minted at run time (never committed) that signs
/// real RS256 JWTs. The gateway under test is given <see cref="SigningKey"/> (or discovers it).
/// </summary>
public sealed class TestJwt : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public TestJwt(string issuer = "https://issuer.test", string audience = "liveness-gateway")
    {
        Issuer = issuer;
        Audience = audience;
        _key = new RsaSecurityKey(_rsa) { KeyId = Guid.NewGuid().ToString("N") };
    }

    public string Issuer { get; }

    public string Audience { get; }

    public SecurityKey SigningKey => _key;

    /// <summary>The public key as PEM, for configuring a validator.</summary>
    public string PublicKeyPem => _rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>Mints a signed token for <paramref name="subject"/>.</summary>
    public string Create(string subject, TimeSpan? lifetime = null, IDictionary<string, object>? extraClaims = null, DateTime? now = null, string? audience = null, string? issuer = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (extraClaims is not null)
        {
            foreach (var (name, value) in extraClaims)
            {
                claims[name] = value;
            }
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddSeconds(-5),
            Expires = issuedAt.Add(lifetime ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token signed by a different key that claims the same issuer: must be refused.</summary>
    public string CreateForged(string subject)
    {
        using var other = new TestJwt(Issuer, Audience);
        return other.Create(subject);
    }

    public void Dispose() => _rsa.Dispose();
}
