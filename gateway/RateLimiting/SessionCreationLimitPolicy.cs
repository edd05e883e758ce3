using System.Threading.RateLimiting;
using Liveness.Gateway.Proxy;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Policy <see cref="RateLimitPolicyNames.SessionCreation"/>: <see cref="SessionCreationLimitOptions"/> per
/// authenticated user (issuer + <c>sub</c>), both session kinds together unless
/// <see cref="SessionCreationLimitOptions.CountKindsSeparately"/>.
/// </summary>
internal sealed class SessionCreationLimitPolicy(UserRateLimiters limiters, IOptions<SessionCreationLimitOptions> options, RateLimitRejection rejection) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected =>
        (context, _) => rejection.WriteAsync(context, GatewayLimit.SessionCreation, options.Value.Window);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var limit = options.Value;
        var kind = limit.CountKindsSeparately && KindOf(httpContext) is { } routeKind ? $"{routeKind.ToName()}:" : string.Empty;
        return limiters.Partition($"liveness:create:{kind}{UserPartition.Of(httpContext)}", limit.PermitLimit, limit.Window);
    }

    private static SessionKind? KindOf(HttpContext context) => LivenessRoute.Of(context)?.Kind;
}
