namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The answer of <see cref="IUpstreamBudget.TryAcquireAsync"/>: a permit to call Face, to be released with
/// <see cref="IUpstreamBudget.ReleaseAsync"/> once Face answered, or the time until one may free.
/// </summary>
public sealed record UpstreamPermit
{
    private UpstreamPermit(bool isAcquired, TimeSpan retryAfter, string? id, IUpstreamBudget? issuer)
    {
        IsAcquired = isAcquired;
        RetryAfter = retryAfter;
        Id = id;
        Issuer = issuer;
    }

    public bool IsAcquired { get; }

    /// <summary>
    /// When refused: how long until a permit may free. A lower bound (another caller may take it first), so
    /// a waiter asks again then rather than assuming it will get one.
    /// </summary>
    public TimeSpan RetryAfter { get; }

    internal string? Id { get; }

    /// <summary>The budget that granted the permit (Redis or the replica's fallback), which must release it.</summary>
    internal IUpstreamBudget? Issuer { get; }

    internal static UpstreamPermit Granted(string id, IUpstreamBudget issuer) => new(true, TimeSpan.Zero, id, issuer);

    /// <summary>No permit: ask again after <paramref name="retryAfter"/> (also how a caller that chose not to ask the budget refuses).</summary>
    public static UpstreamPermit Refused(TimeSpan retryAfter) => new(false, retryAfter, null, null);
}
