using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Telemetry;

/// <summary>Startup validation of <see cref="ManagementOptions"/>.</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        if (options.Port is not (> 0 and <= 65535))
        {
            return ValidateOptionsResult.Fail($"Management:Port '{options.Port}' is not a TCP port: set it to a free port such as 8081 (not the public one).");
        }

        return options.Host is null || ManagementPortBinder.IsHost(options.Host)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Management:Host '{options.Host}' is not a host: set '*' (every interface), 'localhost', an IP address or a host name, or leave it unset to follow the public URLs.");
    }
}
