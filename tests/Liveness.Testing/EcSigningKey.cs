using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Testing;

/// <summary>
/// An EC key minted at run time (never committed): the gateway's assertion signing key in tests, handed over as
/// PEM the way a mounted secret holds it, and a signer of raw ES256 tokens no well-behaved issuer would mint.
/// </summary>
public sealed class EcSigningKey : IDisposable
{
    private EcSigningKey(ECDsa key) => Key = key;

    public ECDsa Key { get; }

    /// <summary>PKCS#8 PEM (the unencrypted "PRIVATE KEY" block), what <c>openssl genpkey</c> writes.</summary>
    public string PrivateKeyPem => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>SEC 1 PEM (the "EC PRIVATE KEY" block), what <c>openssl ecparam -genkey</c> writes.</summary>
    public string EcPrivateKeyPem => Key.ExportECPrivateKeyPem();

    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The RFC 7638 thumbprint, computed by IdentityModel (not by the gateway's code).</summary>
    public string Thumbprint => Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(Key)).ComputeJwkThumbprint());

    /// <summary>A new P-256 key, or one on <paramref name="curve"/>.</summary>
    public static EcSigningKey Create(ECCurve? curve = null) => new(ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256));

    /// <summary>Signs exactly <paramref name="header"/> and <paramref name="payload"/> with ES256 (nothing added).</summary>
    public string SignRaw(IReadOnlyDictionary<string, object> header, IReadOnlyDictionary<string, object> payload)
    {
        var signingInput = $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(header))}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}";
        var signature = Key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    public void Dispose() => Key.Dispose();
}
