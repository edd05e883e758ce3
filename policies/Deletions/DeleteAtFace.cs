namespace Liveness.Policies.Deletions;

/// <summary>When the gateway deletes a session at Face (<c>Sessions:DeleteAtFace</c>).</summary>
public enum DeleteAtFace
{
    /// <summary>
    /// <see cref="DeletionOptions.FaceRetention"/> after the gateway first saw the result final (time to download the
    /// session image); a session that never finishes once its auth token expired. The default.
    /// </summary>
    AfterRetention,

    /// <summary>As soon as the final result is stored by the gateway; a session that never finishes as for <see cref="AfterRetention"/>.</summary>
    AfterFinalRead,

    /// <summary>Never: Face keeps each session for its own 48 hours unless its owner deletes it.</summary>
    Never,
}
