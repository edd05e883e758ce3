using Liveness.Policies.Sessions;

namespace Liveness.Gateway.StepUp;

/// <summary>
/// One liveness policy (<c>Liveness:Policies:{name}</c>): what counts as a recent enough pass for the app routes
/// whose YARP <c>AuthorizationPolicy</c> names it.
/// </summary>
internal sealed class LivenessPolicyOptions
{
    public const string SectionName = "Liveness:Policies";

    /// <summary>How long after the pass (when the gateway first saw the final result) it still counts. Default 10 minutes.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The session kinds whose pass counts (<c>liveness</c>, <c>livenessWithVerify</c>). Default both.</summary>
    public IList<string> Kinds { get; } = [];

    /// <summary>When true a pass lets exactly one gated request through, consumed atomically across replicas. Default false.</summary>
    public bool SingleUse { get; set; }

    /// <summary>The <c>aud</c> of the assertion forwarded to the app. Default: the route's cluster id.</summary>
    public string? Audience { get; set; }

    /// <summary>Whether a pass of a session of <paramref name="kind"/> counts.</summary>
    public bool Accepts(SessionKind kind) =>
        Kinds.Count == 0 || Kinds.Any(name => SessionKindNames.TryParse(name, out var accepted) && accepted == kind);
}
