using Liveness.Gateway.Authentication;
using Liveness.Policies.Identity;

namespace Liveness.Gateway.RateLimiting;

/// <summary>The per-user part of a partition key: the user's hashed id (<see cref="UserId.Key"/>), never a raw subject.</summary>
internal static class UserPartition
{
    /// <summary>
    /// Shared by every request without a user. The limits run after authorization, so on the routes they guard
    /// such a request never gets here; if one did, it would share one allowance rather than have none.
    /// </summary>
    private const string Anonymous = "anonymous";

    public static string Of(HttpContext context) => context.LivenessUser()?.Key ?? Anonymous;
}
