using System.Globalization;
using System.Reflection;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Errors;

/// <summary>
/// Every error the gateway itself answers, each defined once: its <c>code</c> (a public contract: clients and
/// black-box checks compare it), status, title and default detail. A site that names what exactly was wrong
/// (which part of a body, which limit) passes its own detail with <see cref="Problem.ToResult(string)"/>; a
/// detail that must name a value is built here. <c>Retry-After</c> and <c>WWW-Authenticate</c> are set by the
/// site that knows the wait or the challenge. Face's own refusals of a request keep Face's status and code
/// (<see cref="FaceRefused"/>, <see cref="FaceRateLimited"/>): those codes are Face's, so not in <see cref="All"/>.
/// </summary>
internal static class Problems
{
    // 400: the request is refused before any lookup or Face call.
    public static readonly Problem BadArgument = new("BadArgument", StatusCodes.Status400BadRequest, "Bad request",
        "The request body is malformed.");

    public static readonly Problem InvalidVerifyImage = new("InvalidVerifyImage", StatusCodes.Status400BadRequest, "Bad request",
        "The image part must be a complete JPEG or PNG image.");

    public static readonly Problem InvalidLivenessOperationMode = new("InvalidLivenessOperationMode", StatusCodes.Status400BadRequest, "Bad request",
        $"livenessOperationMode must be '{LivenessOperationModes.Passive}' or '{LivenessOperationModes.PassiveActive}'.");

    public static readonly Problem InvalidDeviceCorrelationId = new("InvalidDeviceCorrelationId", StatusCodes.Status400BadRequest, "Bad request",
        $"deviceCorrelationId must be 1 to {SessionChoices.MaxDeviceCorrelationIdLength} characters of letters, digits, '-', '_', '.' or ':'.");

    public static readonly Problem InvalidSessionId = new("InvalidSessionId", StatusCodes.Status400BadRequest, "Bad request",
        "sessionId must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.");

    public static readonly Problem InvalidSessionImageId = new("InvalidSessionImageId", StatusCodes.Status400BadRequest, "Bad request",
        "sessionImageId must be the id Face returned in a session result.");

    public static readonly Problem InvalidAudience = new("InvalidAudience", StatusCodes.Status400BadRequest, "Bad request",
        "audience must name one of the apps this gateway issues assertions for (Liveness:Assertions:Audiences).");

    // 401: each says what to do about the token (JwtBearer's challenge adds WWW-Authenticate); the 403 carries no code.
    public static readonly Problem BearerTokenMissing = new("BearerTokenMissing", StatusCodes.Status401Unauthorized, "Unauthorized",
        "A bearer token is required: send 'Authorization: Bearer <access token>'.");

    public static readonly Problem BearerTokenInvalid = new("BearerTokenInvalid", StatusCodes.Status401Unauthorized, "Unauthorized",
        "The bearer token is invalid (format, signature, issuer or claims refused): sign in again.");

    public static readonly Problem BearerTokenExpired = new("BearerTokenExpired", StatusCodes.Status401Unauthorized, "Unauthorized",
        "The bearer token has expired: refresh it, then retry.");

    public static readonly Problem BearerTokenWrongAudience = new("BearerTokenWrongAudience", StatusCodes.Status401Unauthorized, "Unauthorized",
        "The bearer token was issued for another API: request one for this gateway's audience.");

    public static readonly Problem BearerTokenSubjectMissing = new("BearerTokenSubjectMissing", StatusCodes.Status401Unauthorized, "Unauthorized",
        "A bearer token with a subject ('sub') is required.");

    public static readonly Problem Forbidden = new(null, StatusCodes.Status403Forbidden, "Forbidden",
        "The token is valid but not allowed to use this route.");

    /// <summary>A liveness-gated route without a recent enough pass: the RFC 9470 step-up challenge.</summary>
    public static readonly Problem LivenessRequired = new("LivenessRequired", StatusCodes.Status401Unauthorized, "Unauthorized",
        "This route needs a recent liveness check: complete one, then retry.");

    // 409: the session is the caller's, but its result does not allow an assertion.
    public static readonly Problem LivenessNotFinished = new("LivenessNotFinished", StatusCodes.Status409Conflict, "Conflict",
        "The liveness check of this session has not finished yet; retry once it has.");

    public static readonly Problem LivenessNotPassed = new("LivenessNotPassed", StatusCodes.Status409Conflict, "Conflict",
        "The liveness check of this session finished without a pass: no assertion is issued for it.");

    // 404: another user's resource, one of the other kind and an unknown id look the same.
    public static readonly Problem SessionNotFound = new("SessionNotFound", StatusCodes.Status404NotFound, "Session not found",
        "No session with this id belongs to you.");

    public static readonly Problem SessionImageNotFound = new("SessionImageNotFound", StatusCodes.Status404NotFound, "Session image not found",
        "No session image with this id belongs to you.");

    // 410: the caller's own image, gone because the gateway deleted its session at Face after keeping the result.
    public static readonly Problem SessionImageDeleted = new("SessionImageDeleted", StatusCodes.Status410Gone, "Session image deleted",
        "The session of this image was deleted at Face after its result was kept: the image is no longer available.");

    // 413 and 415: the body of a create.
    public static readonly Problem PayloadTooLarge = new("PayloadTooLarge", StatusCodes.Status413PayloadTooLarge, "Payload too large",
        "The body exceeds this route's limit.");

    public static readonly Problem UnsupportedMediaType = new("UnsupportedMediaType", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
        "The request's content type is not accepted on this route.");

    // 429: the limits (RateLimiting.GatewayLimit); the site appends the retry advice and sets Retry-After.
    public static readonly Problem SessionCreationLimit = new("SessionCreationLimit", StatusCodes.Status429TooManyRequests, "Too many requests",
        "You have created too many liveness sessions for now.") { SetsRetryAfter = true };

    public static readonly Problem SessionReadLimit = new("SessionReadLimit", StatusCodes.Status429TooManyRequests, "Too many requests",
        "You are reading session results too often; poll at most about once a second.") { SetsRetryAfter = true };

    public static readonly Problem TooManyFailedChecks = new("TooManyFailedChecks", StatusCodes.Status429TooManyRequests, "Too many requests",
        "Too many liveness checks failed recently; no new session can be created for now.") { SetsRetryAfter = true };

    public static readonly Problem UpstreamBudget = new("UpstreamBudget", StatusCodes.Status429TooManyRequests, "Too many requests",
        "The liveness service is busy.") { SetsRetryAfter = true };

    // 502 and 504: Face did not answer usefully.
    public static readonly Problem UpstreamAuthenticationFailed = new("UpstreamAuthenticationFailed", StatusCodes.Status502BadGateway, "Bad gateway",
        "The liveness service refused the gateway's request. The operators have been told.");

    public static readonly Problem UpstreamUnavailable = new("UpstreamUnavailable", StatusCodes.Status502BadGateway, "Bad gateway",
        "The liveness service could not be reached.");

    public static readonly Problem UpstreamError = new("UpstreamError", StatusCodes.Status502BadGateway, "Bad gateway",
        "The liveness service failed to answer.");

    public static readonly Problem UpstreamTimeout = new("UpstreamTimeout", StatusCodes.Status504GatewayTimeout, "Gateway timeout",
        "The liveness service did not answer in time.");

    // 503: a dependency cannot be used right now; the sites with a known wait set Retry-After.
    public static readonly Problem OwnershipStoreUnavailable = new("OwnershipStoreUnavailable", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "Session ownership cannot be checked right now; retry shortly.");

    /// <summary>
    /// Face deleted the session but its ownership record could not be removed within the gateway's budget: the
    /// session is gone, yet may still be listed until a later read or delete of it removes the record.
    /// </summary>
    public static readonly Problem SessionRecordNotRemoved = new("SessionRecordNotRemoved", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "The session was deleted, but its record could not be removed yet: it may still be listed until you read or delete it again.");

    public static readonly Problem VerdictStoreUnavailable = new("VerdictStoreUnavailable", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "Liveness checks cannot be verified right now; retry shortly.");

    public static readonly Problem IdentityProviderUnavailable = new("IdentityProviderUnavailable", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "The identity provider cannot be reached to check the token; retry after the time in Retry-After.") { SetsRetryAfter = true };

    public static readonly Problem VerifyUploadsBusy = new("VerifyUploadsBusy", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "Too many verify images are being uploaded to this server right now; retry after the Retry-After seconds.") { SetsRetryAfter = true };

    public static readonly Problem UpstreamCircuitOpen = new("UpstreamCircuitOpen", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "The liveness service is failing; the gateway is not calling it for a moment. Retry shortly.") { SetsRetryAfter = true };

    public static readonly Problem UpstreamCredentialUnavailable = new("UpstreamCredentialUnavailable", StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "The gateway cannot authenticate to the liveness service right now. The operators have been told.") { SetsRetryAfter = true };

    /// <summary>Every problem above, in declaration order.</summary>
    public static IReadOnlyList<Problem> All { get; } = [.. typeof(Problems)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(Problem))
        .Select(field => (Problem)field.GetValue(null)!)];

    /// <summary>413 naming the route's limit.</summary>
    public static ProblemHttpResult BodyOverLimit(long limitBytes) =>
        PayloadTooLarge.ToResult(string.Create(CultureInfo.InvariantCulture, $"The body exceeds this route's limit of {limitBytes} bytes."));

    /// <summary>400 naming the verify image's size and the sizes Face accepts.</summary>
    public static ProblemHttpResult VerifyImageSize(int width, int height) =>
        InvalidVerifyImage.ToResult(string.Create(CultureInfo.InvariantCulture,
            $"The image is {width}x{height} pixels; each side must be {VerifyImage.MinSide} to {VerifyImage.MaxSide} pixels."));

    /// <summary>
    /// Face's refusal of a request it found wrong (400, 404, 409, 413, 415, 422): Face's status and Face's
    /// <paramref name="faceCode"/> (already checked to have the shape of a code, or null), in the gateway's own words.
    /// </summary>
    public static ProblemHttpResult FaceRefused(int status, string? faceCode)
    {
        var what = status switch
        {
            StatusCodes.Status400BadRequest => "The liveness service refused the request",
            StatusCodes.Status404NotFound => "The liveness service does not know the requested resource",
            StatusCodes.Status409Conflict => "The liveness service refused the request: it conflicts with the resource's current state",
            StatusCodes.Status413PayloadTooLarge => "The liveness service refused the request as too large",
            StatusCodes.Status415UnsupportedMediaType => "The liveness service refused the request's media type",
            _ => "The liveness service could not process the request",
        };
        var title = status switch
        {
            StatusCodes.Status400BadRequest => "Bad request",
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status409Conflict => "Conflict",
            StatusCodes.Status413PayloadTooLarge => "Payload too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Unprocessable entity",
        };
        var detail = faceCode is null ? what + "." : string.Create(CultureInfo.InvariantCulture, $"{what} (code {faceCode}).");
        return GatewayProblem.Create(status, title, detail, faceCode);
    }

    /// <summary>Face's 429: Face's <paramref name="faceCode"/>, or <c>429</c> as Face names it when it sends none.</summary>
    public static ProblemHttpResult FaceRateLimited(string? faceCode) =>
        GatewayProblem.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
            "The liveness service's rate limit is exceeded; retry after the time given in Retry-After.", faceCode ?? "429");
}
