namespace Liveness.Gateway.Audit;

/// <summary>Why a request was refused, as the audit trail records it (snake_case in events and metrics).</summary>
internal enum AccessDenialReason
{
    /// <summary>No bearer token (401).</summary>
    MissingToken,

    /// <summary>A bearer token that failed validation: signature, issuer, audience, lifetime (401).</summary>
    InvalidToken,

    /// <summary>A valid token the route's policy refuses, e.g. one without <c>sub</c> (403).</summary>
    Forbidden,

    /// <summary>A session id or session image id that is not in the shape Face issues (400).</summary>
    Malformed,

    /// <summary>A session recorded for another user (404).</summary>
    NotOwner,

    /// <summary>A session of the other kind than the route's (404).</summary>
    WrongKind,

    /// <summary>A session with no ownership record: never created here, deleted or expired (404).</summary>
    UnknownSession,

    /// <summary>A session image that never appeared in a result of the caller's sessions (404).</summary>
    ImageNotOwned,

    /// <summary>A liveness-gated route without a recent enough pass (401 step-up).</summary>
    LivenessRequired,
}
