using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>Startup validation of <see cref="SessionCreationLimitOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class SessionCreationLimitOptionsValidator : IValidateOptions<SessionCreationLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionCreationLimitOptions options)
    {
        var failures = new List<string>();
        FixedWindowRules.Check(SessionCreationLimitOptions.SectionName, options.PermitLimit, options.Window, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
