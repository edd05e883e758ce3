using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// Refuses to start with a token configuration that would accept tokens it should not: it needs an
/// OIDC <c>Authority</c> or an issuer with signing keys, and audiences (audience validation stays on).
/// Development may start without signing keys (requests get 401 until <c>dotnet user-jwts</c> creates one).
/// </summary>
internal sealed class JwtBearerOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtBearerOptions>
{
    private const string Section = "Authentication:Schemes:Bearer";

    public ValidateOptionsResult Validate(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return ValidateOptionsResult.Skip;
        }

        var parameters = options.TokenValidationParameters;
        var failures = new List<string>();
        var hasDiscovery = !string.IsNullOrEmpty(options.Authority) || !string.IsNullOrEmpty(options.MetadataAddress) || options.Configuration is not null;
        var hasKeys = parameters.IssuerSigningKey is not null || parameters.IssuerSigningKeys?.Any() == true || parameters.IssuerSigningKeyResolver is not null;
        var hasIssuer = !string.IsNullOrEmpty(parameters.ValidIssuer) || parameters.ValidIssuers?.Any() == true;

        if (!parameters.ValidateAudience)
        {
            failures.Add($"{Section}:TokenValidationParameters:ValidateAudience is false: audience validation cannot be turned off; set {Section}:ValidAudiences instead.");
        }
        else if (string.IsNullOrWhiteSpace(parameters.ValidAudience) && parameters.ValidAudiences?.Any(audience => !string.IsNullOrWhiteSpace(audience)) != true)
        {
            failures.Add($"{Section}:ValidAudiences is empty: list the audience(s) your identity provider puts in tokens for this API.");
        }

        if (!parameters.ValidateIssuer || !parameters.ValidateLifetime || !parameters.ValidateIssuerSigningKey && !hasDiscovery)
        {
            failures.Add($"{Section}: issuer, lifetime and signature validation cannot be turned off.");
        }

        if (!hasDiscovery && !hasIssuer)
        {
            failures.Add($"{Section} has neither Authority (OIDC discovery) nor ValidIssuer: set Authority to your identity provider, or ValidIssuer and SigningKeys as 'dotnet user-jwts' does.");
        }
        else if (!hasDiscovery && !hasKeys && !environment.IsDevelopment())
        {
            failures.Add($"{Section}:SigningKeys is empty: set Authority for OIDC discovery, or SigningKeys for the issuer.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// JwtBearer's own post-configuration throws a bare <see cref="InvalidOperationException"/> for an
    /// <c>http://</c> Authority or MetadataAddress while <c>RequireHttpsMetadata</c> is on (everywhere but
    /// Development, where it is off by default), which ends startup with a stack trace. Run as a configure
    /// step (after binding, before that post-configuration), this says the same as the one-line error every
    /// other setting gets.
    /// </summary>
    public static void RefuseInsecureMetadata(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RequireHttpsMetadata)
        {
            return;
        }

        var (setting, address) = !string.IsNullOrEmpty(options.MetadataAddress) ? ("MetadataAddress", options.MetadataAddress) : ("Authority", options.Authority);
        if (!string.IsNullOrEmpty(address) && !address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(JwtBearerDefaults.AuthenticationScheme, typeof(JwtBearerOptions),
            [
                $"{Section}:{setting} must use https:// outside Development: an identity provider's keys fetched over plain HTTP can be replaced on the way. Use the provider's https:// address (or, for a local test provider only, set {Section}:RequireHttpsMetadata to false).",
            ]);
        }
    }
}
