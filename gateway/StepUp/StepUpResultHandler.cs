using System.Globalization;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;

namespace Liveness.Gateway.StepUp;

/// <summary>
/// Answers a gated request that <see cref="RecentLivenessPassHandler"/> refused, instead of the default 403: an
/// RFC 9470 step-up challenge (<c>401</c>, <c>WWW-Authenticate: Bearer error="insufficient_user_authentication",
/// error_description="...", max_age=...</c>, problem <c>LivenessRequired</c>), or 503 when the verdicts could not be
/// read. Nothing reaches the app's cluster. Every other outcome goes to ASP.NET Core's own handler.
/// </summary>
internal sealed class StepUpResultHandler(GatewayMetrics metrics) : IAuthorizationMiddlewareResultHandler
{
    public const string ErrorDescription = "A recent liveness check is required.";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Forbidden || context.Features.Get<LivenessStepUpRefusal>() is not { } refusal)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (refusal.StoreUnavailable)
        {
            metrics.LivenessRequired("store_unavailable");
            context.Response.Headers.RetryAfter = "1";
            await GatewayProblem.WriteAsync(context, Problems.VerdictStoreUnavailable.ToResult());
            return;
        }

        metrics.LivenessRequired("liveness_required");
        var maxAge = ((long)refusal.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[HeaderNames.WWWAuthenticate] =
            $"Bearer error=\"insufficient_user_authentication\", error_description=\"{ErrorDescription}\", max_age={maxAge}";
        await GatewayProblem.WriteAsync(context, Problems.LivenessRequired.ToResult());
    }
}
