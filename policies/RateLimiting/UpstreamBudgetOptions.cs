namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The deployment-wide budget of calls to Face (section <c>RateLimiting:Upstream</c>), shared by every replica
/// through Redis. A call that finds no permit waits briefly for one, or is answered 429 by the gateway, so
/// that Face itself never has to answer 429. Every Face call counts: creates, result reads, deletes, image
/// downloads and the gateway's own compensating deletes.
/// </summary>
public sealed record UpstreamBudgetOptions
{
    public const string SectionName = "RateLimiting:Upstream";

    /// <summary>Largest <see cref="PermitsPerSecond"/> accepted.</summary>
    public const double MaxPermitsPerSecond = 1_000_000;

    /// <summary>Longest <see cref="QueueTimeout"/> accepted: a queue is a short smoothing, not a backlog.</summary>
    public static readonly TimeSpan MaxQueueTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A permit whose call was never reported answered (its replica died mid-call) is freed after this: longer
    /// than any route's timeout, so a call still running keeps its permit.
    /// </summary>
    internal static readonly TimeSpan AbandonedPermitTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a permit leased ahead of demand (<see cref="LeaseBatchLimit"/>) may wait on its replica for a
    /// call before it is given back unused. Short, because while it waits no other replica can have it.
    /// </summary>
    internal static readonly TimeSpan LeaseTime = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The Face resource's transactions per second. Default 10 (tier S0). A whole number, or a fraction below 1
    /// for a per-minute quota: tier F0 allows 20 per minute, so set 0.33 (one call every ~3 s).
    /// </summary>
    public double PermitsPerSecond { get; init; } = 10;

    /// <summary>
    /// How long a request may wait for a permit before it is answered 429, 0 to 10 s. Default 2 s: long
    /// enough to smooth a burst, short enough that a client is not left hanging. Zero never waits.
    /// </summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Requests that may wait for a permit at once on one replica, 0..10000; beyond it a request is answered
    /// 429 at once. Default 100.
    /// </summary>
    public int QueueLimit { get; init; } = 100;

    /// <summary>
    /// The budget as a sliding window: at most <c>Permits</c> calls in any <c>Window</c>. A whole number of
    /// permits per second is that many per second; a fraction below 1 is one call per <c>1 / PermitsPerSecond</c>
    /// seconds (F0's 0.33 is one call per 3.03 s, 19.8 per minute).
    /// </summary>
    public (int Permits, TimeSpan Window) SlidingWindow() =>
        PermitsPerSecond >= 1
            ? ((int)Math.Floor(PermitsPerSecond), TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromMilliseconds(Math.Ceiling(1000 / PermitsPerSecond)));

    /// <summary>
    /// Most permits one replica takes from Redis in one round trip: an eighth of the window's permits, at least 1.
    /// Above 1, a replica leases permits ahead of its demand and hands them out locally; at most this many less
    /// one wait unused on a replica at a time, each for at most <see cref="LeaseTime"/>. At the default 10 per
    /// second it is 1: every call takes its own permit from Redis, as it finds it.
    /// </summary>
    internal int LeaseBatchLimit() => Math.Max(1, SlidingWindow().Permits / 8);
}
