namespace Liveness.Policies.RateLimiting;

/// <summary>
/// How often one user may read session results and session images (section <c>RateLimiting:SessionReads</c>):
/// a fixed window per authenticated user, counted in Redis so that every replica shares it, so that one
/// polling loop cannot spend the deployment's Face budget. Finished results served from the gateway's
/// cache count too: the limit is on the client's polling, not only on Face calls.
/// </summary>
public sealed record SessionReadLimitOptions
{
    public const string SectionName = "RateLimiting:SessionReads";

    /// <summary>
    /// Reads one user may make in one <see cref="Window"/>, 1..1000000. Default 120: a client polling once a
    /// second (the advice in README) uses half of it.
    /// </summary>
    public int PermitLimit { get; init; } = 120;

    /// <summary>Length of the window, a whole number of seconds from 1 s to 1 day. Default 1 minute.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Reads a replica takes of a user's window in one Redis call and hands out itself until the window closes:
    /// one in twenty of <see cref="PermitLimit"/>, at least 1 (6 at the default). A client polling fast costs one
    /// Redis round trip per batch instead of one per read. The limit stays a limit: Redis never counts more than
    /// <see cref="PermitLimit"/> in a window, and a replica asks for a batch only while a whole one remains (then
    /// one read at a time), so one replica alone gives exactly <see cref="PermitLimit"/>. The price: up to one batch
    /// less one read per replica per window may go unused, so a user spread over N replicas may be refused after
    /// <c>PermitLimit - N * (batch - 1)</c> reads (at the default and 3 replicas, 105 of 120). Not a setting: the
    /// fraction bounds that loss to 5 % per replica whatever the limit. Creations are never batched.
    /// </summary>
    public int PermitsPerRedisCall() => Math.Max(1, PermitLimit / 20);
}
