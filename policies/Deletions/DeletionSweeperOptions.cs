namespace Liveness.Policies.Deletions;

/// <summary>The background sweeper that deletes due sessions at Face (section <c>Sessions:Sweeper</c>).</summary>
public sealed record DeletionSweeperOptions
{
    /// <summary>Whether this replica sweeps. Default true. Any one replica sweeping is enough; every replica may.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the sweeper looks for due sessions, 00:00:00.100..00:01:00. Default one second.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The largest share of the Face budget (<c>RateLimiting:Upstream:PermitsPerSecond</c>) the sweepers of every
    /// replica together spend, above 0 and at most 0.5. Default 0.1: at 10 calls per second, one sweeper call per second.
    /// </summary>
    public double BudgetShare { get; init; } = 0.1;

    /// <summary>
    /// How long a replica holds a due session it claimed before any replica may claim it again (after a crash),
    /// 00:00:30..01:00:00. Default one minute: longer than a Face call with its retry.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest pause before a failed deletion is tried again, 00:01:00..06:00:00. Default 30 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);
}
