using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Resilience;

/// <summary>Startup validation of <see cref="FaceResilienceOptions"/>, within the ranges Polly accepts.</summary>
internal sealed class FaceResilienceOptionsValidator : IValidateOptions<FaceResilienceOptions>
{
    private static readonly TimeSpan HalfSecond = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, FaceResilienceOptions options)
    {
        var failures = new List<string>();
        const string Section = FaceResilienceOptions.SectionName;
        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{Section}:MaxRetryAttempts must be 0 to 10 (default 2).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{Section}:RetryDelay must be between 00:00:00 and 00:00:30 (default 00:00:00.2).");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryAfter > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:MaxRetryAfter must be between 00:00:00 and 00:01:00 (default 00:00:02).");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:AttemptTimeout must be between 00:00:00.01 and 00:05:00 (default 00:00:10).");
        }

        if (options.FailureRatio is <= 0 or > 1)
        {
            failures.Add($"{Section}:FailureRatio must be above 0 and at most 1 (default 0.5).");
        }

        if (options.MinimumThroughput < 2)
        {
            failures.Add($"{Section}:MinimumThroughput must be at least 2 (default 20).");
        }

        if (options.SamplingDuration < HalfSecond || options.BreakDuration < HalfSecond || options.BreakDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:SamplingDuration and {Section}:BreakDuration must be at least 00:00:00.5 (defaults 00:00:30 and 00:00:05).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
