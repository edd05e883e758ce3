using Microsoft.Extensions.Options;

namespace Liveness.Policies.Deletions;

/// <summary>Startup validation of <see cref="DeletionOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class DeletionOptionsValidator : IValidateOptions<DeletionOptions>
{
    public ValidateOptionsResult Validate(string? name, DeletionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = DeletionOptions.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.DeleteAtFace))
        {
            failures.Add($"{section}:DeleteAtFace is {options.DeleteAtFace}: set it to '{DeleteAtFace.AfterRetention}', '{DeleteAtFace.AfterFinalRead}' or '{DeleteAtFace.Never}'.");
        }

        if (options.FaceRetention < TimeSpan.Zero || options.FaceRetention > DeletionOptions.MaxFaceRetention)
        {
            failures.Add($"{section}:FaceRetention is {options.FaceRetention}: set it between 00:00:00 and {DeletionOptions.MaxFaceRetention} (Face keeps a session 48 h by itself).");
        }

        if (options.AbandonedSessionMargin < TimeSpan.Zero || options.AbandonedSessionMargin > DeletionOptions.MaxAbandonedSessionMargin)
        {
            failures.Add($"{section}:AbandonedSessionMargin is {options.AbandonedSessionMargin}: set it between 00:00:00 and {DeletionOptions.MaxAbandonedSessionMargin}.");
        }

        var sweeper = options.Sweeper ?? new DeletionSweeperOptions();
        if (sweeper.Interval < TimeSpan.FromMilliseconds(100) || sweeper.Interval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:Sweeper:Interval is {sweeper.Interval}: set it between 00:00:00.100 and 00:01:00.");
        }

        if (!(sweeper.BudgetShare > 0 && sweeper.BudgetShare <= 0.5))
        {
            failures.Add($"{section}:Sweeper:BudgetShare is {sweeper.BudgetShare}: set it above 0 and at most 0.5 (the share of RateLimiting:Upstream:PermitsPerSecond the sweepers may spend; users keep the rest).");
        }

        if (sweeper.ClaimLease < TimeSpan.FromSeconds(30) || sweeper.ClaimLease > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:Sweeper:ClaimLease is {sweeper.ClaimLease}: set it between 00:00:30 and 01:00:00 (longer than a Face call with its retry).");
        }

        if (sweeper.MaxRetryDelay < TimeSpan.FromMinutes(1) || sweeper.MaxRetryDelay > TimeSpan.FromHours(6))
        {
            failures.Add($"{section}:Sweeper:MaxRetryDelay is {sweeper.MaxRetryDelay}: set it between 00:01:00 and 06:00:00 (Face keeps a session 48 h, so retries must keep coming).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
