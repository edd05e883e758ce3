namespace Liveness.Policies.RateLimiting;

/// <summary>
/// How many failed liveness checks a user may have before session creation pauses (section
/// <c>RateLimiting:FailedChecks</c>): a final result that is not a pass counts against its owner, once per session;
/// after <see cref="PermitLimit"/> of them within <see cref="Window"/>, creating a session (either kind) is refused
/// until <see cref="Cooldown"/> has passed since the last one. The defaults follow AWS's published guidance for
/// liveness checks: about 5 failures in 3 minutes, then a pause. Held in Redis, shared by every replica.
/// </summary>
public sealed record FailedCheckOptions
{
    public const string SectionName = "RateLimiting:FailedChecks";

    /// <summary>The longest <see cref="Cooldown"/> accepted.</summary>
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(1);

    /// <summary>Failed checks within one <see cref="Window"/> that start the cooldown, 1..1000000. Default 5.</summary>
    public int PermitLimit { get; init; } = 5;

    /// <summary>How far back failures count, a whole number of seconds from 1 s to 1 day. Default 3 minutes.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long creation stays refused after the last failure, a whole number of seconds from 1 s to 1 day. Default 30 minutes.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(30);
}
