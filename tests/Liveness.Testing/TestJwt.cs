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

    /// <summary>
    /// Signs exactly the header and payload given (RS256 with this issuer's key; <c>alg</c> and <c>kid</c> are
    /// added to the header), for tokens no well-behaved library would mint: odd claim types, <c>crit</c>.
    /// </summary>
    public string SignRaw(IDictionary<string, object> header, IDictionary<string, object> payload)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(payload);
        var fullHeader = new Dictionary<string, object>(header) { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = _key.KeyId };
        var signingInput = $"{Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(fullHeader))}.{Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(payload))}";
        var signature = _rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The payload <see cref="Create"/> would sign for <paramref name="subject"/> now, as a dictionary to tamper with.</summary>
    public Dictionary<string, object> StandardPayload(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = now,
            ["nbf"] = now - 5,
            ["exp"] = now + 1800,
        };
    }

    /// <summary>A token signed by a different key that claims the same issuer: must be refused.</summary>
    public string CreateForged(string subject)
    {
        using var other = new TestJwt(Issuer, Audience);
        return other.Create(subject);
    }

    public void Dispose() => _rsa.Dispose();
}
