using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Health;

/// <summary>Startup validation of <see cref="ShutdownOptions"/>.</summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        if (options.DrainTimeout <= TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromMinutes(10))
        {
            return ValidateOptionsResult.Fail($"Shutdown:DrainTimeout '{options.DrainTimeout}' must be between 00:00:01 and 00:10:00 (e.g. 00:00:25, below the pod's terminationGracePeriodSeconds).");
        }

        if (options.ReadinessDelay < TimeSpan.Zero || options.ReadinessDelay >= options.DrainTimeout)
        {
            return ValidateOptionsResult.Fail($"Shutdown:ReadinessDelay '{options.ReadinessDelay}' must be at least 00:00:00 and shorter than Shutdown:DrainTimeout ({options.DrainTimeout}).");
        }

        return ValidateOptionsResult.Success;
    }
}
