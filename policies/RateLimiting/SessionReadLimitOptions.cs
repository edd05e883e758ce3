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
}
