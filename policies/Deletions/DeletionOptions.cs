namespace Liveness.Policies.Deletions;

/// <summary>
/// When the gateway deletes the sessions it created at Face (section <c>Sessions</c>, beside the session rules):
/// Face otherwise keeps every session, its attempts and its session image for 48 hours.
/// </summary>
public sealed record DeletionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Longest <see cref="FaceRetention"/> accepted: under Face's own 48 hours, or deleting would be moot.</summary>
    public static readonly TimeSpan MaxFaceRetention = TimeSpan.FromHours(24);

    /// <summary>Longest <see cref="AbandonedSessionMargin"/> accepted.</summary>
    public static readonly TimeSpan MaxAbandonedSessionMargin = TimeSpan.FromHours(24);

    /// <summary>When a session is deleted at Face. Default <see cref="Deletions.DeleteAtFace.AfterRetention"/>.</summary>
    public DeleteAtFace DeleteAtFace { get; init; } = DeleteAtFace.AfterRetention;

    /// <summary>
    /// With <see cref="Deletions.DeleteAtFace.AfterRetention"/>: how long after the gateway first saw a result final the
    /// session stays at Face (the session image can be downloaded meanwhile), 00:00:00..1.00:00:00. Default 15 minutes.
    /// </summary>
    public TimeSpan FaceRetention { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A session the gateway never saw finish is due for deletion this long after its auth token expired
    /// (creation + <c>Sessions:AuthTokenTimeToLiveInSeconds</c> + this), 00:00:00..1.00:00:00. Default 5 minutes:
    /// a client still finishing its last attempt when the token expires has that long to report it.
    /// </summary>
    public TimeSpan AbandonedSessionMargin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The background sweeper (<c>Sessions:Sweeper</c>).</summary>
    public DeletionSweeperOptions Sweeper { get; init; } = new();
}
