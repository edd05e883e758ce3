using System.Globalization;

namespace Liveness.Emulator.Errors;

/// <summary>Writes the Face error envelope with its status and <c>x-ms-error-code</c> header.</summary>
internal sealed class FaceErrorResult(int statusCode, string code, string message, int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public string Code => code;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.Headers["x-ms-error-code"] = code;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsJsonAsync(new FaceErrorResponse(new FaceError(code, message)), FaceJson.Options, FaceJson.ContentType, httpContext.RequestAborted);
    }
}
