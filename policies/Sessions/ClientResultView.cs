namespace Liveness.Policies.Sessions;

/// <summary>What the end user's app is shown of a session's result (<c>Sessions:ClientResultView</c>).</summary>
public enum ClientResultView
{
    /// <summary>Face's JSON, as Face sent it.</summary>
    Full,

    /// <summary>
    /// Only <c>sessionId</c>, <c>status</c>, <c>decision</c> and, for a verify session, <c>isIdentical</c>: no digest,
    /// rectangles, confidence or session image ids (AWS recommends showing clients pass or fail only).
    /// </summary>
    Decision,
}
