using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.StepUp;

/// <summary>Refuses a liveness policy that could never be met, or be met by anything; each message says how to fix it.</summary>
internal sealed class LivenessPolicyOptionsValidator : IValidateOptions<LivenessPolicyOptions>
{
    /// <summary>The longest <see cref="LivenessPolicyOptions.MaxAge"/>: a verdict is not kept longer than a day anyway.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, LivenessPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = $"{LivenessPolicyOptions.SectionName}:{name}";
        var failures = new List<string>();
        if (options.MaxAge <= TimeSpan.Zero || options.MaxAge > LongestMaxAge)
        {
            failures.Add($"{section}:MaxAge must be a positive time span of at most {LongestMaxAge:c} (e.g. 00:10:00).");
        }

        foreach (var kind in options.Kinds.Where(kind => !SessionKindNames.TryParse(kind, out _)))
        {
            failures.Add($"{section}:Kinds has '{kind}': use '{SessionKindNames.Liveness}' and/or '{SessionKindNames.LivenessWithVerify}'.");
        }

        if (options.Audience is { } audience && string.IsNullOrWhiteSpace(audience))
        {
            failures.Add($"{section}:Audience is empty: remove it (the route's cluster id is used) or name the app.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
