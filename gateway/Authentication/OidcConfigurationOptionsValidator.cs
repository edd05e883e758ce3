using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Authentication;

/// <summary>Refuses refresh settings that would hold requests without bound or never refresh keys.</summary>
internal sealed class OidcConfigurationOptionsValidator : IValidateOptions<JwtBearerOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.BackchannelTimeout <= TimeSpan.Zero || options.BackchannelTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{OidcConfigurationSetup.Section}:BackchannelTimeout is {options.BackchannelTimeout}: set a positive value up to 00:01:00 (default {OidcConfigurationSetup.DefaultBackchannelTimeout}).");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{OidcConfigurationSetup.Section}:RefreshInterval is {options.RefreshInterval}: set a positive interval (default {OidcConfigurationSetup.DefaultRefreshInterval}).");
        }

        if (options.AutomaticRefreshInterval <= TimeSpan.Zero || options.AutomaticRefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{OidcConfigurationSetup.Section}:AutomaticRefreshInterval is {options.AutomaticRefreshInterval}: set a positive value up to 01:00:00 (default {OidcConfigurationSetup.DefaultAutomaticRefreshInterval}); a key removed at the identity provider is refused within it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
