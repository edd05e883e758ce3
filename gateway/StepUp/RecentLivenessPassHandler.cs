using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Policies.Ownership;
using Liveness.Policies.Verdicts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.StepUp;

/// <summary>
/// Lets a gated request through when its user's latest verdict (<see cref="IVerdictStore"/>, written only from what
/// Face answered) is a pass of an accepted kind, no older than the policy's <c>MaxAge</c> on the app's clock, and,
/// for a single-use policy, not used before (consumed atomically across replicas). The pass is left on the request
/// for the assertion forwarded with it. Otherwise the refusal is left for <see cref="StepUpResultHandler"/>: a
/// step-up challenge, or 503 when the verdicts cannot be read (fail closed: never forwarded unchecked).
/// </summary>
internal sealed class RecentLivenessPassHandler(
    IVerdictStore verdicts,
    IOptionsMonitor<LivenessPolicyOptions> policies,
    TimeProvider time,
    AuditTrail audit,
    ILogger<RecentLivenessPassHandler> logger) : AuthorizationHandler<RecentLivenessPassRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RecentLivenessPassRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.Resource is not HttpContext http || http.LivenessUser() is not { } user)
        {
            return; // not authenticated with a subject: the user requirement answers (401/403)
        }

        var policy = policies.Get(requirement.PolicyName);
        string? denial;
        try
        {
            denial = await CheckAsync(user.Key, requirement.PolicyName, policy, http);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.VerdictsUnavailable(logger, requirement.PolicyName, e);
            http.Features.Set(new LivenessStepUpRefusal(policy.MaxAge, StoreUnavailable: true));
            context.Fail(new AuthorizationFailureReason(this, "The verdict store is unavailable."));
            return;
        }

        if (denial is null)
        {
            context.Succeed(requirement);
            return;
        }

        Log.LivenessRequired(logger, requirement.PolicyName, denial);
        audit.AccessDenied(http, AccessDenialReason.LivenessRequired, target: requirement.PolicyName, StatusCodes.Status401Unauthorized);
        http.Features.Set(new LivenessStepUpRefusal(policy.MaxAge, StoreUnavailable: false));
        context.Fail(new AuthorizationFailureReason(this, denial));
    }

    /// <summary>Null when the latest verdict qualifies (and is then on the request), else why not.</summary>
    private async Task<string?> CheckAsync(string ownerKey, string policyName, LivenessPolicyOptions policy, HttpContext http)
    {
        var verdict = await verdicts.FindLatestAsync(ownerKey, http.RequestAborted);
        var denial = verdict switch
        {
            null => "no verdict",
            { IsPass: false } => "the latest check did not pass",
            _ when !policy.Accepts(verdict.Kind) => "a pass of a kind this policy does not accept",
            _ when time.GetUtcNow() - verdict.DecidedAt > policy.MaxAge => "the pass is older than MaxAge",
            _ => null,
        };
        if (denial is not null)
        {
            return denial;
        }

        if (policy.SingleUse && !await verdicts.TryConsumeAsync(ownerKey, verdict!.SessionId, http.RequestAborted))
        {
            return "the single-use pass was used already";
        }

        http.Features.Set(new LivenessPass(verdict!, policyName));
        return null;
    }
}
