namespace Liveness.Gateway.RateLimiting;

/// <summary>A limit that can refuse a request: its problem <c>code</c>, its metric tag and what the client is told.</summary>
/// <param name="Code">The <c>code</c> of the 429 problem, e.g. <c>SessionCreationLimit</c>.</param>
/// <param name="Tag">The <c>limit</c> tag of the rejection metric, e.g. <c>session_creation</c>.</param>
/// <param name="Detail">The problem's detail, before the retry advice.</param>
internal sealed record GatewayLimit(string Code, string Tag, string Detail)
{
    /// <summary><c>RateLimiting:SessionCreation</c>: the caller created too many sessions.</summary>
    public static readonly GatewayLimit SessionCreation = new("SessionCreationLimit", "session_creation", "You have created too many liveness sessions for now.");

    /// <summary><c>RateLimiting:SessionReads</c>: the caller polls results or images too often.</summary>
    public static readonly GatewayLimit SessionReads = new("SessionReadLimit", "session_reads", "You are reading session results too often; poll at most about once a second.");

    /// <summary><c>RateLimiting:Upstream</c>: the deployment's budget of calls to Face is spent for now.</summary>
    public static readonly GatewayLimit UpstreamBudget = new("UpstreamBudget", "upstream_budget", "The liveness service is busy.");
}
