using System.Globalization;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>Startup validation of <see cref="FailedCheckOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class FailedCheckOptionsValidator : IValidateOptions<FailedCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, FailedCheckOptions options)
    {
        var failures = new List<string>();
        FixedWindowRules.Check(FailedCheckOptions.SectionName, options.PermitLimit, options.Window, failures);
        var cooldown = options.Cooldown;
        if (cooldown < TimeSpan.FromSeconds(1) || cooldown > FailedCheckOptions.MaxCooldown || cooldown.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"{FailedCheckOptions.SectionName}:Cooldown is {cooldown.ToString("c", CultureInfo.InvariantCulture)}: set a whole number of seconds between 00:00:01 and 1.00:00:00, e.g. 00:30:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
