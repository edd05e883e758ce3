using System.Globalization;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// A request whose token cannot be checked because the identity provider's keys cannot be had gets
/// <c>503 IdentityProviderUnavailable</c> with <c>Retry-After</c> (when the gateway tries the provider
/// again), not a 401 that would tell the client its token is bad.
/// </summary>
internal static class IdentityProviderProblem
{
    /// <summary>JwtBearer's <c>OnAuthenticationFailed</c>: an unavailable provider fails the authentication (challenge follows) instead of throwing a 500.</summary>
    public static Task FailWhenUnavailable(AuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Exception is IdentityProviderUnavailableException)
        {
            context.Fail(context.Exception);
        }

        return Task.CompletedTask;
    }

    public static Task WriteAsync(HttpContext context, IdentityProviderUnavailableException unavailable)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(unavailable);
        context.Response.Headers.RetryAfter = Math.Ceiling(unavailable.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return GatewayProblem.WriteAsync(context, Problems.IdentityProviderUnavailable.ToResult());
    }
}
