namespace Liveness.Policies.Verdicts;

/// <summary>
/// How long the gateway keeps each user's latest verdict (section <c>Liveness:Verdicts</c>). A liveness-gated
/// route or an assertion can use a pass no longer than this, whatever its own <c>MaxAge</c>.
/// </summary>
public sealed record VerdictOptions
{
    public const string SectionName = "Liveness:Verdicts";

    /// <summary>The shortest <see cref="TimeToLive"/> accepted.</summary>
    public static readonly TimeSpan MinTimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>The longest <see cref="TimeToLive"/> accepted: a pass is a fresh proof, not an identity.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(1);

    /// <summary>How long a verdict is kept after the gateway first saw the result final, 00:01:00..1.00:00:00. Default one hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);
}
