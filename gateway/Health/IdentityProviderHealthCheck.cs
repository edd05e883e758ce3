using Liveness.Gateway.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Health;

/// <summary>
/// With OIDC discovery, ready once the identity provider's signing keys have been loaded at least once
/// (asking for them if not, through the same single, bounded, backed-off fetch requests use); keys
/// loaded earlier keep the gateway ready while the provider is unreachable. With static keys: healthy.
/// </summary>
internal sealed class IdentityProviderHealthCheck(IOptionsMonitor<JwtBearerOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is not OidcConfigurationManager provider)
        {
            return HealthCheckResult.Healthy("no discovery");
        }

        if (provider.Current is not null)
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            await provider.GetConfigurationAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (IdentityProviderUnavailableException)
        {
            return HealthCheckResult.Unhealthy("no signing keys loaded yet");
        }
    }
}
