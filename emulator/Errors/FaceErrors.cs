namespace Liveness.Emulator.Errors;

/// <summary>
/// The errors the Face service answers, with the codes and messages it really sends
/// (face-liveness-contract.md §5).
/// </summary>
internal static class FaceErrors
{
    public static FaceErrorResult Unauthorized() => new(
        StatusCodes.Status401Unauthorized,
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");

    public static FaceErrorResult SessionNotFound() => new(
        StatusCodes.Status404NotFound,
        "SessionNotFound",
        "Session Id is not found. The session id is expired or does not exist.");

    /// <summary>What Azure answers for a path that no API version serves.</summary>
    public static FaceErrorResult ResourceNotFound() => new(StatusCodes.Status404NotFound, "404", "Resource not found");

    public static FaceErrorResult JsonParsingError() => new(StatusCodes.Status400BadRequest, "BadArgument", "JSON parsing error.");

    public static FaceErrorResult BadArgument(string message) => new(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static FaceErrorResult InvalidRequestBody() => new(
        StatusCodes.Status400BadRequest,
        "InvalidRequestBody",
        "Incorrect request body provided. Please check the operation schema and try again.");

    public static FaceErrorResult InvalidTokenLifetime() => new(
        StatusCodes.Status400BadRequest,
        "InvalidTokenLifetime",
        "Invalid authTokenTimeToLiveInSeconds specified. Must be within 60 to 86400.");

    public static FaceErrorResult InvalidLivenessOperationMode() => new(
        StatusCodes.Status400BadRequest,
        "InvalidLivenessOperationMode",
        "Invalid livenessOperationMode specified. Must be 'Passive'.");

    public static FaceErrorResult InvalidDeviceCorrelationId() => new(
        StatusCodes.Status400BadRequest,
        "InvalidDeviceCorrelationId",
        "A device correlation ID is required in the request body during session create or session start. Must not be null or empty, and be no more than 64 characters.");

    public static FaceErrorResult InvalidImage() => new(
        StatusCodes.Status400BadRequest,
        "InvalidImage",
        "Decoding error, image format unsupported.");

    public static FaceErrorResult InvalidImageSize() => new(
        StatusCodes.Status400BadRequest,
        "InvalidImageSize",
        "Image size is too big.");

    public static FaceErrorResult TooManyRequests(int retryAfterSeconds) => new(
        StatusCodes.Status429TooManyRequests,
        "429",
        "Rate limit is exceeded.",
        retryAfterSeconds);

    public static FaceErrorResult InternalServerError() => new(StatusCodes.Status500InternalServerError, "Unspecified", "Internal server error");

    public static FaceErrorResult ServiceUnavailable(int? retryAfterSeconds) => new(
        StatusCodes.Status503ServiceUnavailable,
        "ServiceUnavailable",
        "The service is temporarily unavailable. Please retry later.",
        retryAfterSeconds);

    /// <summary>The client SDK's answer once the session auth token has expired (control API only).</summary>
    public static FaceErrorResult TokenExpired() => new(
        StatusCodes.Status401Unauthorized,
        "TokenExpired",
        "The session auth token has expired.");

    /// <summary>A control API call that the session's state does not allow.</summary>
    public static FaceErrorResult Conflict(string message) => new(StatusCodes.Status409Conflict, "Conflict", message);
}
