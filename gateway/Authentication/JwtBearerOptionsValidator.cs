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
}
