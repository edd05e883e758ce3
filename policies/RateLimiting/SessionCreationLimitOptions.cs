namespace Liveness.Policies.RateLimiting;

/// <summary>
/// How many sessions one user may create (section <c>RateLimiting:SessionCreation</c>): a fixed window per
/// authenticated user (issuer + <c>sub</c>), counted in Redis so that every replica shares it. Each create
/// is a billed Face transaction and hands out an auth token, so the default allows an app's retries and
/// little more.
/// </summary>
public sealed record SessionCreationLimitOptions
{
    public const string SectionName = "RateLimiting:SessionCreation";

    /// <summary>Creations one user may make in one <see cref="Window"/>, 1..1000000. Default 10.</summary>
    public int PermitLimit { get; init; } = 10;

    /// <summary>Length of the window, a whole number of seconds from 1 s to 1 day. Default 1 minute.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// False (the default): liveness and liveness-with-verify creations share one allowance per user.
    /// True: each kind has its own <see cref="PermitLimit"/>, so a user may create up to twice as many.
    /// </summary>
    public bool CountKindsSeparately { get; init; }
}
