using Liveness.Gateway.Errors;

namespace Liveness.Gateway.RateLimiting;

/// <summary>A limit that can refuse a request: its 429 problem (<see cref="Problems"/>) and its metric tag.</summary>
/// <param name="Problem">The 429 problem, e.g. <see cref="Problems.SessionCreationLimit"/>.</param>
/// <param name="Tag">The <c>limit</c> tag of the rejection metric, e.g. <c>session_creation</c>.</param>
internal sealed record GatewayLimit(Problem Problem, string Tag)
{
    /// <summary><c>RateLimiting:SessionCreation</c>: the caller created too many sessions.</summary>
    public static readonly GatewayLimit SessionCreation = new(Problems.SessionCreationLimit, "session_creation");

    /// <summary><c>RateLimiting:SessionReads</c>: the caller polls results or images too often.</summary>
    public static readonly GatewayLimit SessionReads = new(Problems.SessionReadLimit, "session_reads");

    /// <summary><c>RateLimiting:FailedChecks</c>: the caller failed too many liveness checks and is cooling down.</summary>
    public static readonly GatewayLimit FailedChecks = new(Problems.TooManyFailedChecks, "failed_checks");

    /// <summary><c>RateLimiting:Upstream</c>: the deployment's budget of calls to Face is spent for now.</summary>
    public static readonly GatewayLimit UpstreamBudget = new(Problems.UpstreamBudget, "upstream_budget");

    /// <summary>The limit a rate limiter policy (<see cref="RateLimitPolicyNames"/>) applies, or null for any other name.</summary>
    public static GatewayLimit? OfPolicy(string? policyName) => policyName switch
    {
        RateLimitPolicyNames.SessionCreation => SessionCreation,
        RateLimitPolicyNames.SessionReads => SessionReads,
        _ => null,
    };

    /// <summary>The <c>code</c> of the 429 problem, e.g. <c>SessionCreationLimit</c>.</summary>
    public string Code => Problem.Code!;

    /// <summary>The problem's detail, before the retry advice.</summary>
    public string Detail => Problem.Detail;
}
