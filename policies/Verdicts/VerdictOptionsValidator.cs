using System.Globalization;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Verdicts;

/// <summary>Startup validation of <see cref="VerdictOptions"/>; the failure says how to fix the setting.</summary>
internal sealed class VerdictOptionsValidator : IValidateOptions<VerdictOptions>
{
    public ValidateOptionsResult Validate(string? name, VerdictOptions options)
    {
        if (options.TimeToLive >= VerdictOptions.MinTimeToLive && options.TimeToLive <= VerdictOptions.MaxTimeToLive)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{VerdictOptions.SectionName}:TimeToLive is {options.TimeToLive.ToString("c", CultureInfo.InvariantCulture)}: set it between 00:01:00 and 1.00:00:00, e.g. 01:00:00 (at least the longest MaxAge of a liveness policy).");
    }
}
