using System.Security.Claims;
using Liveness.Policies.Identity;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// The request's <see cref="UserId"/>, derived once per request: authorization, the rate-limit
/// partition, the ownership check and the audit trail all need it, and deriving it hashes issuer + sub.
/// </summary>
internal static class HttpContextUserExtensions
{
    private static readonly object ItemKey = new();

    /// <summary>The authenticated user of this request, or null when it has no token with a subject.</summary>
    public static UserId? LivenessUser(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.User;
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is DerivedUser derivedBefore && ReferenceEquals(derivedBefore.Principal, principal))
        {
            return derivedBefore.User;
        }

        var derived = UserId.FromPrincipal(principal);
        context.Items[ItemKey] = new DerivedUser(principal, derived);
        return derived;
    }

    private sealed record DerivedUser(ClaimsPrincipal Principal, UserId? User);
}
