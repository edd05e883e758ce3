namespace Liveness.Policies.Sessions;

/// <summary>The two kinds of Face liveness session. A session of one kind is never served on the other's routes.</summary>
public enum SessionKind
{
    /// <summary><c>detectLiveness-sessions</c>.</summary>
    Liveness,

    /// <summary><c>detectLivenessWithVerify-sessions</c>.</summary>
    LivenessWithVerify,
}
