using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Assertions;

/// <summary>
/// One EC P-256 key that signs assertions (ES256), named by its RFC 7638 JWK thumbprint (the <c>kid</c>: the same
/// key has the same id on every replica and after every restart), and its public half as a JWK.
/// </summary>
internal sealed class AssertionSigningKey
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    private const string Curve = "P-256";
    private static readonly string s_p256Oid = ECCurve.NamedCurves.nistP256.Oid.Value!;

    private readonly string _x;
    private readonly string _y;

    private AssertionSigningKey(ECDsa key)
    {
        var publicPart = key.ExportParameters(includePrivateParameters: false);
        _x = Base64UrlEncoder.Encode(publicPart.Q.X);
        _y = Base64UrlEncoder.Encode(publicPart.Q.Y);
        KeyId = Thumbprint(_x, _y);
        Credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = KeyId }, Algorithm);
    }

    /// <summary>The RFC 7638 thumbprint (SHA-256, base64url) of the public key.</summary>
    public string KeyId { get; }

    /// <summary>What <c>JsonWebTokenHandler</c> signs with (ES256, <c>kid</c> = <see cref="KeyId"/>).</summary>
    public SigningCredentials Credentials { get; }

    /// <summary>A new key that lives as long as the process (Development without a configured key).</summary>
    public static AssertionSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>
    /// Reads a PEM EC P-256 private key (<c>PRIVATE KEY</c> or <c>EC PRIVATE KEY</c>). Returns why it cannot sign, or
    /// null with <paramref name="key"/> set. The reason never quotes the value.
    /// </summary>
    public static string? ParseProblem(string? pem, out AssertionSigningKey? key)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(pem))
        {
            return "it is empty: set a PEM EC P-256 private key (PKCS#8 'PRIVATE KEY' or SEC 1 'EC PRIVATE KEY').";
        }

        if (!PemEncoding.TryFind(pem, out var fields))
        {
            return "it is not PEM: set a PEM EC P-256 private key (PKCS#8 'PRIVATE KEY' or SEC 1 'EC PRIVATE KEY').";
        }

        var label = pem.AsSpan()[fields.Label];
        if (label is not ("PRIVATE KEY" or "EC PRIVATE KEY"))
        {
            return label is "ENCRYPTED PRIVATE KEY"
                ? "it is encrypted: store the key unencrypted in the secret (the secret store protects it)."
                : $"it is a '{label}', not a private key: the gateway needs the private key, backends get the public one from /.well-known/jwks.json.";
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
            var size = ecdsa.KeySize;
            if (size != 256 || (parameters.Curve.Oid.Value is { } oid && oid != s_p256Oid))
            {
                ecdsa.Dispose();
                return $"it is an EC key of {size} bits, not P-256: ES256 needs a P-256 (prime256v1) key.";
            }

            key = new AssertionSigningKey(ecdsa);
            return null;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            return "it is not an EC private key: set a PEM EC P-256 private key, e.g. from 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'.";
        }
    }

    /// <summary>Writes the public JWK: <c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>, <c>kid</c>, <c>use</c>, <c>alg</c>; never <c>d</c>.</summary>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kty", "EC");
        writer.WriteString("crv", Curve);
        writer.WriteString("x", _x);
        writer.WriteString("y", _y);
        writer.WriteString("kid", KeyId);
        writer.WriteString("use", "sig");
        writer.WriteString("alg", Algorithm);
        writer.WriteEndObject();
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no white space.</summary>
    private static string Thumbprint(string x, string y) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"{{Curve}}","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
}
