using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// The token rules IdentityModel leaves lenient, checked before the wrapped handler validates the token
/// (signature, issuer, audience, lifetime):
/// <list type="bullet">
/// <item>a <c>crit</c> header is refused: the gateway understands no JWS extension, and RFC 7515 §4.1.11
/// requires refusing a token whose critical extensions are not understood;</item>
/// <item><c>exp</c>, <c>nbf</c> and <c>iat</c> must be JSON numbers (RFC 7519 NumericDate), not strings the
/// library would parse anyway;</item>
/// <item><c>iat</c> may not be later than now plus the clock skew: a token issued in the future was not
/// issued by a provider with a sane clock.</item>
/// </list>
/// Audiences are compared exactly (no trailing-slash leniency) through the validation parameters, see
/// <see cref="AuthenticationExtensions"/>. Sits under <see cref="CachingTokenHandler"/>, so a remembered
/// token is not parsed twice.
/// </summary>
internal sealed class StrictTokenHandler(TokenHandler inner, TimeProvider time) : DelegatingTokenHandler(inner)
{
    private static readonly string[] NumericDateClaims = ["exp", "nbf", "iat"];

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (!string.IsNullOrEmpty(token) && Violation(token, validationParameters.ClockSkew) is { } reason)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenValidationException(reason) };
        }

        return await Inner.ValidateTokenAsync(token, validationParameters);
    }

    /// <summary>Why the token breaks a rule above, or null. A token that cannot be read is left to the inner handler to refuse.</summary>
    private string? Violation(string token, TimeSpan clockSkew)
    {
        if (token.Length > Inner.MaximumTokenSizeInBytes)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null; // not a JWS (a JWE or garbage): the inner handler answers
        }

        try
        {
            using (var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0])))
            {
                if (header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("crit", out _))
                {
                    return "The token's header lists critical extensions ('crit'), none of which the gateway understands (RFC 7515 4.1.11).";
                }
            }

            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[1]));
            if (payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var claim in NumericDateClaims)
            {
                if (payload.RootElement.TryGetProperty(claim, out var value) && value.ValueKind != JsonValueKind.Number)
                {
                    return $"The token's '{claim}' is not a NumericDate (a JSON number of seconds).";
                }
            }

            if (payload.RootElement.TryGetProperty("iat", out var issued)
                && (!issued.TryGetDouble(out var seconds) || DateTimeOffset.FromUnixTimeSeconds(0).AddSeconds(Math.Min(seconds, 253402300799)) > time.GetUtcNow() + clockSkew))
            {
                return string.Create(CultureInfo.InvariantCulture, $"The token was issued in the future ('iat' {issued.GetRawText()}).");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null; // malformed: the inner handler refuses it with its own reason
        }

        return null;
    }
}
