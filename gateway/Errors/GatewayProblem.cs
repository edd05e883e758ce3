using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Errors;

/// <summary>
/// Errors the gateway itself answers: <c>application/problem+json</c> with a <c>traceId</c> (added by
/// the problem-details service) and, where there is one, a machine-readable <c>code</c>. Which problems
/// there are is <see cref="Problems"/>; only Face's own codes, passed on, are created elsewhere.
/// </summary>
internal static class GatewayProblem
{
    public const string CodeExtension = "code";

    public static ProblemHttpResult Create(int status, string title, string? detail = null, string? code = null)
    {
        var extensions = code is null ? null : new Dictionary<string, object?> { [CodeExtension] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>Writes a problem, replacing whatever headers the response had for the upstream's answer.</summary>
    public static Task WriteAsync(HttpContext context, ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.Headers.ContentLength = null;
        return problem.ExecuteAsync(context);
    }
}
