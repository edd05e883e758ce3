using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Errors;

/// <summary>
/// One error the gateway answers, as defined in <see cref="Problems"/>: its <c>code</c> (null for the 403, which
/// carries none), status, title and the detail a client gets unless the site names a value.
/// </summary>
internal sealed record Problem(string? Code, int Status, string Title, string Detail)
{
    /// <summary>Whether the answer carries <c>Retry-After</c> (set by the site that knows the wait): every 429, and the 503s with a known wait.</summary>
    public bool SetsRetryAfter { get; init; }

    /// <summary>The problem with its default detail.</summary>
    public ProblemHttpResult ToResult() => GatewayProblem.Create(Status, Title, Detail, Code);

    /// <summary>The problem with a detail that names what was wrong (a limit, the part that failed).</summary>
    public ProblemHttpResult ToResult(string detail) => GatewayProblem.Create(Status, Title, detail, Code);
}
