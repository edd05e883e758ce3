using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>Startup validation of <see cref="SessionReadLimitOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class SessionReadLimitOptionsValidator : IValidateOptions<SessionReadLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionReadLimitOptions options)
    {
        var failures = new List<string>();
        FixedWindowRules.Check(SessionReadLimitOptions.SectionName, options.PermitLimit, options.Window, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
