using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Liveness.Emulator.Edge;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// Mints session auth tokens shaped like the service's (face-liveness-contract.md §9): ES256 JWTs
/// signed with a P-256 key created when the emulator starts and never stored. As in the real token,
/// <c>nbf</c> is a string and <c>face</c> / <c>allowed-paths</c> are JSON strings.
/// </summary>
internal sealed class SessionTokenIssuer : IDisposable
{
    private static readonly byte[] EncodedHeader = Base64Url.EncodeToUtf8(
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = "key1", ["typ"] = "JWT" }));

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _subscriptionId = Guid.NewGuid().ToString("N");

    public string Issue(EmulatedSession session, string endpoint, string region)
    {
        var sessionType = session.Kind == SessionKind.Liveness ? "Liveness" : "LivenessWithVerify";
        var clientPath = session.Kind == SessionKind.Liveness ? "detectLiveness/singleModal" : "detectLivenessWithVerify/singleModal";
        // The client SDK calls the version the session was created with; v1.3-preview.1 limits the attempts as asked.
        var version = session.Settings.ApiVersion.PathName();
        var attempts = session.Settings.IsAbuseMonitored ? session.Settings.NumberOfClientAttemptsAllowed : 3;
        var allowedPaths = new object[]
        {
            new { path = $"face/{version}/session/start", method = "POST", quota = 1, callRateRenewalPeriod = 60, callRateLimit = 1 },
            new { path = $"face/{version}/{clientPath}", method = "post", quota = attempts, callRateRenewalPeriod = 5, callRateLimit = 1 },
        };
        var face = new
        {
            endpoint,
            sessionType,
            clientClaims = new { livenessOperationMode = session.Settings.LivenessOperationMode },
        };
        var notBefore = session.CreatedAt.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["region"] = region.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),
            ["subscription-id"] = _subscriptionId,
            ["product-id"] = "Face.S0",
            ["allowed-paths"] = JsonSerializer.Serialize(allowedPaths, FaceJson.Options),
            ["azure-resource-id"] = $"/subscriptions/{_subscriptionId}/resourceGroups/emulator/providers/Microsoft.CognitiveServices/accounts/face-emulator",
            ["sid"] = session.Id,
            ["nbf"] = notBefore.ToString(CultureInfo.InvariantCulture),
            ["face"] = JsonSerializer.Serialize(face, FaceJson.Options),
            ["aud"] = "urn:ms.faceSessionToken",
            ["exp"] = session.AuthTokenExpiresAt.ToUnixTimeSeconds(),
            ["iss"] = "urn:ms.cognitiveservices",
        };

        var signingInput = string.Concat(
            System.Text.Encoding.ASCII.GetString(EncodedHeader),
            ".",
            Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, FaceJson.Options)));
        var signature = _key.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// The <c>sid</c> of a token this issuer signed, or null for anything else (another issuer's token, a changed
    /// byte, not a JWT). Expiry is the session's to judge (<see cref="EmulatedSession.AuthTokenExpiresAt"/>).
    /// </summary>
    public string? SessionIdOf(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || !Base64Url.IsValid(parts[1]) || !Base64Url.IsValid(parts[2]))
        {
            return null;
        }

        var signature = Base64Url.DecodeFromChars(parts[2]);
        var signingInput = System.Text.Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        if (!_key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        return payload.RootElement.TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
    }

    public void Dispose() => _key.Dispose();
}
