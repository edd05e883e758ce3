using System.Globalization;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Liveness.Gateway.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Resilience;

/// <summary>
/// The answers for Face calls the gateway did not make or gave up on by its own rule: the Face budget
/// had no permit for an attempt (429 <c>UpstreamBudget</c>, through <see cref="RateLimitRejection"/>), the
/// circuit is open (503 at once, <c>Retry-After</c> the break duration), no Face credential could be obtained
/// (503), or an attempt timed out (504). Never a 500.
/// </summary>
internal static class UpstreamRefusal
{
    /// <summary>True when <paramref name="exception"/> (or one inside it) says the gateway held the call back: no permit, circuit open, no credential.</summary>
    public static bool IsRefusal(Exception? exception) =>
        FacePipelines.Find<UpstreamBudgetExceededException>(exception) is not null
        || FacePipelines.IsCircuitOpen(exception)
        || FacePipelines.Find<FaceCredentialUnavailableException>(exception) is not null;

    /// <summary>Writes the problem for <paramref name="exception"/> and returns true, or returns false when it is none of these.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, Exception? exception, string operation, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (FacePipelines.Find<UpstreamBudgetExceededException>(exception) is { } refused)
        {
            var rejection = context.RequestServices.GetRequiredService<RateLimitRejection>();
            await rejection.WriteAsync(context, GatewayLimit.UpstreamBudget, refused.RetryAfter);
            return true;
        }

        ProblemHttpResult problem;
        if (FacePipelines.IsCircuitOpen(exception))
        {
            var breakDuration = context.RequestServices.GetRequiredService<IOptions<FaceResilienceOptions>>().Value.BreakDuration;
            Log.CallRefused(logger, operation, "circuit open");
            context.Response.Headers.RetryAfter = Math.Ceiling(breakDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            problem = Problems.UpstreamCircuitOpen.ToResult();
        }
        else if (FacePipelines.Find<FaceCredentialUnavailableException>(exception) is not null)
        {
            Log.CallRefused(logger, operation, "no Face credential");
            context.Response.Headers.RetryAfter = Math.Ceiling(EntraIdFaceCredential.FailureBackoff.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            problem = Problems.UpstreamCredentialUnavailable.ToResult();
        }
        else if (FacePipelines.IsAttemptTimeout(exception))
        {
            Log.CallRefused(logger, operation, "attempt timed out");
            problem = Problems.UpstreamTimeout.ToResult();
        }
        else
        {
            return false;
        }

        await GatewayProblem.WriteAsync(context, problem);
        return true;
    }
}
