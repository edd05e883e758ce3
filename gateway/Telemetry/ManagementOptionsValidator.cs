using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Telemetry;

/// <summary>Startup validation of <see cref="ManagementOptions"/>.</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options) =>
        options.Port is > 0 and <= 65535
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Management:Port '{options.Port}' is not a TCP port: set it to a free port such as 8081 (not the public one).");
}
