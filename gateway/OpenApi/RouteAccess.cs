using Liveness.Gateway.Errors;
using Liveness.Gateway.RateLimiting;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// The problems a route answers before its handler runs, from the policies it names (the same names YARP's
/// <c>AuthorizationPolicy</c> and <c>RateLimiterPolicy</c>, or a minimal API's metadata, give it).
/// </summary>
/// <param name="RequiresUser">Whether a bearer token is required (any authorization policy but <c>Anonymous</c>).</param>
/// <param name="Gated">Whether the policy is a liveness policy (<c>Liveness:Policies:{name}</c>): the step-up challenge.</param>
/// <param name="RateLimiterPolicy">The rate limiter policy, or null.</param>
internal sealed record RouteAccess(bool RequiresUser, bool Gated, string? RateLimiterPolicy)
{
    /// <summary>The problems of authentication, the liveness gate and the rate limit, in the order they are checked.</summary>
    public IEnumerable<Problem> Problems()
    {
        if (RequiresUser)
        {
            // Every 401 of the catalog but the step-up's is authentication's: a new one is described without a change here.
            foreach (var unauthorized in Errors.Problems.All.Where(p => p.Status == StatusCodes.Status401Unauthorized && p != Errors.Problems.LivenessRequired))
            {
                yield return unauthorized;
            }

            yield return Errors.Problems.Forbidden;
            yield return Errors.Problems.IdentityProviderUnavailable;
        }

        if (Gated)
        {
            yield return Errors.Problems.LivenessRequired;
            yield return Errors.Problems.VerdictStoreUnavailable;
        }

        if (GatewayLimit.OfPolicy(RateLimiterPolicy) is { } limit)
        {
            yield return limit.Problem;
        }
    }

    /// <summary>The access of a YARP route: <paramref name="authorizationPolicy"/> as the route table names it.</summary>
    public static RouteAccess OfRoute(string? authorizationPolicy, string? rateLimiterPolicy, Func<string, bool> isLivenessPolicy)
    {
        ArgumentNullException.ThrowIfNull(isLivenessPolicy);
        var anonymous = string.IsNullOrEmpty(authorizationPolicy) || string.Equals(authorizationPolicy, "Anonymous", StringComparison.OrdinalIgnoreCase);
        var gated = !anonymous && isLivenessPolicy(authorizationPolicy!);
        return new RouteAccess(!anonymous, gated, rateLimiterPolicy);
    }
}
