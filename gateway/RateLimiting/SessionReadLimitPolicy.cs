using System.Threading.RateLimiting;
using Liveness.Policies.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Policy <see cref="RateLimitPolicyNames.SessionReads"/>: <see cref="SessionReadLimitOptions"/> per
/// authenticated user, for reads of session results and session images (cached answers included), taken from
/// Redis in batches (<see cref="SessionReadLimitOptions.PermitsPerRedisCall"/>).
/// </summary>
internal sealed class SessionReadLimitPolicy(UserRateLimiters limiters, IOptions<SessionReadLimitOptions> options, RateLimitRejection rejection) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected =>
        (context, _) => rejection.WriteAsync(context, GatewayLimit.SessionReads, options.Value.Window);

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var limit = options.Value;
        return limiters.Partition($"liveness:read:{UserPartition.Of(httpContext)}", limit.PermitLimit, limit.Window, limit.PermitsPerRedisCall());
    }
}
