using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// The Redis keys of what a user owns, all under the owner's hash tag <c>{ownerKey}</c>, so that they share one
/// hash slot and every transaction over them is accepted by a Redis Cluster (which refuses one over keys of
/// different slots with <c>CROSSSLOT</c>); a single Redis ignores the braces. The owner key is a hex digest
/// (<see cref="Identity.UserId.Key"/>), so it holds no brace of its own. A lookup names the caller's tag: an id
/// under another user's tag, like an id nobody created, is simply not there, in the same one round trip.
/// </summary>
internal static class RedisOwnerKeys
{
    /// <summary>A session's record (hash: owner, kind, created, status, and deletedAtFace once the sweeper deleted it at Face).</summary>
    public static RedisKey Session(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:session:{sessionId}";

    /// <summary>The owner's session ids, scored by creation time (sorted set).</summary>
    public static RedisKey Sessions(string ownerKey) => $"liveness:{{{ownerKey}}}:sessions";

    /// <summary>A session image seen in a result of one of the owner's sessions (hash: session, owner).</summary>
    public static RedisKey Image(string ownerKey, string sessionImageId) => $"liveness:{{{ownerKey}}}:image:{sessionImageId}";

    /// <summary>The ids of the session images seen in results of one of the owner's sessions (set), so that erasing the session finds them.</summary>
    public static RedisKey SessionImages(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:images:{sessionId}";

    /// <summary>A session's finished result (hash: owner, json).</summary>
    public static RedisKey Result(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:result:{sessionId}";

    /// <summary>The owner's latest verdict (hash: the verdict's fields).</summary>
    public static RedisKey Verdict(string ownerKey) => $"liveness:{{{ownerKey}}}:verdict";

    /// <summary>A session's verdict as first recorded (hash: the verdict's fields), which keeps when it was first seen final.</summary>
    public static RedisKey SessionVerdict(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:verdict:{sessionId}";

    /// <summary>The ids of the owner's sessions that have a verdict (set), so that an erasure finds every one.</summary>
    public static RedisKey Verdicts(string ownerKey) => $"liveness:{{{ownerKey}}}:verdicts";

    /// <summary>The marker of a session's pass used once (a single-use liveness policy).</summary>
    public static RedisKey UsedPass(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:verdict:{sessionId}:used";

    /// <summary>The owner's recent failed checks: session ids scored by when the failure was counted (sorted set).</summary>
    public static RedisKey FailedChecks(string ownerKey) => $"liveness:{{{ownerKey}}}:failures";

    /// <summary>The marker of a session's failure counted once.</summary>
    public static RedisKey FailedCheck(string ownerKey, string sessionId) => $"liveness:{{{ownerKey}}}:failure:{sessionId}";

    /// <summary>Until when (Unix milliseconds) the owner may not create sessions after too many failed checks.</summary>
    public static RedisKey FailedCheckCooldown(string ownerKey) => $"liveness:{{{ownerKey}}}:cooldown";

    /// <summary>The owner's correlation salt for Face's abuse monitoring (string; only once an operator reset the owner).</summary>
    public static RedisKey CorrelationSalt(string ownerKey) => $"liveness:{{{ownerKey}}}:correlation";
}
