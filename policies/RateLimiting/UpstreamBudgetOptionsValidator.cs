using System.Globalization;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>Startup validation of <see cref="UpstreamBudgetOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class UpstreamBudgetOptionsValidator : IValidateOptions<UpstreamBudgetOptions>
{
    private const int MaxQueueLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, UpstreamBudgetOptions options)
    {
        var section = UpstreamBudgetOptions.SectionName;
        var failures = new List<string>();
        var permits = options.PermitsPerSecond;
        if (!double.IsFinite(permits) || permits <= 0 || permits > UpstreamBudgetOptions.MaxPermitsPerSecond)
        {
            failures.Add($"{section}:PermitsPerSecond is {permits.ToString(CultureInfo.InvariantCulture)}: set your Face resource's transactions per second (S0: 10), or a fraction below 1 for a per-minute quota (F0, 20 per minute: 0.33).");
        }
        else if (permits >= 1 && permits != Math.Floor(permits))
        {
            failures.Add($"{section}:PermitsPerSecond is {permits.ToString(CultureInfo.InvariantCulture)}: above 1 it must be a whole number of calls per second, e.g. {Math.Floor(permits).ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.QueueTimeout < TimeSpan.Zero || options.QueueTimeout > UpstreamBudgetOptions.MaxQueueTimeout)
        {
            failures.Add($"{section}:QueueTimeout is {options.QueueTimeout.ToString("c", CultureInfo.InvariantCulture)}: set it between 00:00:00 (never wait) and 00:00:10; a longer wait only holds clients that should back off.");
        }

        if (options.QueueLimit is < 0 or > MaxQueueLimit)
        {
            failures.Add($"{section}:QueueLimit is {options.QueueLimit.ToString(CultureInfo.InvariantCulture)}: set it between 0 (never wait) and {MaxQueueLimit.ToString(CultureInfo.InvariantCulture)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
