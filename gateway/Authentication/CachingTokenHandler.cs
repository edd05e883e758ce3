using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// Wraps a JwtBearer token handler (the default <c>JsonWebTokenHandler</c>) with the
/// <see cref="ValidatedTokenCache"/>: a token validated successfully before, with the same handler, OIDC
/// configuration and keys, is answered from memory; everything else goes to <paramref name="inner"/>.
/// Installed in <c>JwtBearerOptions.TokenHandlers</c>, one instance per options instance.
/// With the gateway's <see cref="OidcConfigurationManager"/> (<paramref name="provider"/>), a token whose key
/// is not among the provider's keys gets one more try in the same request after a (throttled) refresh,
/// with <paramref name="staticKeys"/> (the options' own keys) and the refreshed keys; when the provider cannot be
/// reached for that refresh, the result is an <see cref="IdentityProviderUnavailableException"/> (503), not a 401.
/// </summary>
internal sealed class CachingTokenHandler(
    TokenHandler inner,
    ValidatedTokenCache cache,
    OidcConfigurationManager? provider = null,
    IEnumerable<SecurityKey>? staticKeys = null) : DelegatingTokenHandler(inner)
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (string.IsNullOrEmpty(token))
        {
            return await Inner.ValidateTokenAsync(token, validationParameters);
        }

        // Read before validating: if the configuration is refreshed meanwhile (the inner handler itself
        // refreshes and retries once after a signature failure), the entry names the older one and is
        // simply not used again, never the other way round.
        var (available, configuration) = await CurrentConfigurationAsync(validationParameters);
        if (!available)
        {
            return await Inner.ValidateTokenAsync(token, validationParameters);
        }

        var inputs = new TokenValidationInputs(this, configuration, validationParameters.IssuerSigningKeys, validationParameters.ValidIssuers);
        if (cache.Find(token, inputs) is { } remembered)
        {
            return remembered;
        }

        var seen = provider?.Current;
        var result = await Inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid && provider is not null && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            var (refreshed, unavailable) = await RefreshForUnknownKeyAsync(provider, seen);
            if (unavailable is not null)
            {
                return new TokenValidationResult { IsValid = false, Exception = unavailable }; // answered 503, not 401
            }

            if (refreshed is not null)
            {
                validationParameters = validationParameters.Clone();
                validationParameters.IssuerSigningKeys = staticKeys is null ? refreshed.SigningKeys : [.. staticKeys, .. refreshed.SigningKeys];
                inputs = new TokenValidationInputs(this, configuration, validationParameters.IssuerSigningKeys, validationParameters.ValidIssuers);
                result = await Inner.ValidateTokenAsync(token, validationParameters);
            }
        }

        if (result.IsValid)
        {
            cache.Add(token, inputs, result, validationParameters.ClockSkew);
        }

        return result;
    }

    private static async Task<(OpenIdConnectConfiguration? Refreshed, IdentityProviderUnavailableException? Unavailable)> RefreshForUnknownKeyAsync(
        OidcConfigurationManager provider, OpenIdConnectConfiguration? seen)
    {
        try
        {
            return (await provider.RefreshForUnknownKeyAsync(seen, CancellationToken.None), null);
        }
        catch (IdentityProviderUnavailableException unavailable)
        {
            return (null, unavailable);
        }
    }

    /// <summary>
    /// The configuration the inner handler is about to use (the configuration manager answers from its
    /// own cache until it refreshes); null without one. When it cannot be had, the inner handler decides
    /// alone how to go on (it logs and may fall back to static keys), and the validation bypasses memory.
    /// </summary>
    private static async Task<(bool Available, BaseConfiguration? Configuration)> CurrentConfigurationAsync(TokenValidationParameters parameters)
    {
        if (parameters.ConfigurationManager is not { } manager)
        {
            return (true, null);
        }

        try
        {
            var configuration = await manager.GetBaseConfigurationAsync(CancellationToken.None);
            return (configuration is not null, configuration);
        }
#pragma warning disable CA1031 // As the inner handler: a failed discovery is its to report, not this cache's to throw.
        catch (Exception)
#pragma warning restore CA1031
        {
            return (false, null);
        }
    }
}
