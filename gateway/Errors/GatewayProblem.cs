using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Errors;

/// <summary>
/// Errors the gateway itself answers: <c>application/problem+json</c> with a <c>traceId</c> (added by
/// the problem-details service) and, where there is one, a machine-readable <c>code</c>.
/// </summary>
internal static class GatewayProblem
{
    public const string CodeExtension = "code";

    public static ProblemHttpResult Create(int status, string title, string? detail = null, string? code = null)
    {
        var extensions = code is null ? null : new Dictionary<string, object?> { [CodeExtension] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult SessionNotFound() =>
        Create(StatusCodes.Status404NotFound, "Session not found", "No session with this id belongs to you.", "SessionNotFound");

    public static ProblemHttpResult StoreUnavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "Session ownership cannot be checked right now; retry shortly.", "OwnershipStoreUnavailable");

    /// <summary>
    /// Face deleted the session but its ownership record could not be removed within the gateway's budget: the
    /// session is gone, yet may still be listed until a later read or delete of it removes the record.
    /// </summary>
    public static ProblemHttpResult RecordNotRemoved() =>
        Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The session was deleted, but its record could not be removed yet: it may still be listed until you read or delete it again.", "SessionRecordNotRemoved");

    public static ProblemHttpResult IdentityProviderUnavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The identity provider cannot be reached to check the token; retry after the time in Retry-After.", "IdentityProviderUnavailable");

    public static ProblemHttpResult VerifyUploadsBusy() =>
        Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "Too many verify images are being uploaded to this server right now; retry after the Retry-After seconds.", "VerifyUploadsBusy");

    /// <summary>Writes a problem, replacing whatever headers the response had for the upstream's answer.</summary>
    public static Task WriteAsync(HttpContext context, ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.Headers.ContentLength = null;
        return problem.ExecuteAsync(context);
    }
}
