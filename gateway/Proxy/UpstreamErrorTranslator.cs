using System.Globalization;
using System.Text.Json;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Turns Face's error answers into the gateway's problem+json: Face's 4xx about the request keep their
/// status and carry Face's code; 401/403 mean the gateway's own credential is wrong (502 to the
/// client, the reason in the log); 429 stays 429 with <c>Retry-After</c>; 5xx become 502 (504 for 504).
/// </summary>
internal static class UpstreamErrorTranslator
{
    private const int MaxErrorBodyBytes = 16 * 1024;
    private const int MaxMessageLength = 300;

    public static async Task<ProblemHttpResult> TranslateAsync(HttpResponseMessage response, LivenessOperation operation, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var (code, message) = await ReadFaceErrorAsync(response, cancellationToken);
        switch (status)
        {
            case StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden:
                Log.FaceCredentialRefused(logger, status, code ?? "-");
                return GatewayProblem.Create(StatusCodes.Status502BadGateway, "Bad gateway", "The liveness service refused the gateway's request. The operators have been told.", "UpstreamAuthenticationFailed");
            case StatusCodes.Status429TooManyRequests:
                Log.FaceError(logger, status, code ?? "-", operation);
                return GatewayProblem.Create(StatusCodes.Status429TooManyRequests, "Too many requests", message ?? "The liveness service's rate limit is exceeded.", code ?? "429");
            case StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound or StatusCodes.Status409Conflict
                or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status422UnprocessableEntity:
                Log.FaceError(logger, status, code ?? "-", operation);
                return GatewayProblem.Create(status, TitleOf(status), message, code);
            case StatusCodes.Status504GatewayTimeout:
                Log.FaceError(logger, status, code ?? "-", operation);
                return GatewayProblem.Create(StatusCodes.Status504GatewayTimeout, "Gateway timeout", "The liveness service did not answer in time.", "UpstreamTimeout");
            default:
                Log.FaceError(logger, status, code ?? "-", operation);
                return GatewayProblem.Create(StatusCodes.Status502BadGateway, "Bad gateway", "The liveness service failed to answer.", "UpstreamError");
        }
    }

    /// <summary>Seconds a client should wait after Face's 429: Face's own <c>Retry-After</c>, else 1.</summary>
    public static int RetryAfterSeconds(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.Zero);
        return Math.Clamp((int)Math.Ceiling(wait.TotalSeconds), 1, 3600);
    }

    public static string FormatSeconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private static async Task<(string? Code, string? Message)> ReadFaceErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (Text(error, "code"), Text(error, "message"));
            }
        }
        catch (JsonException)
        {
        }
        catch (IOException)
        {
        }

        return (null, null);
    }

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return null;
        }

        var text = value.ToString();
        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.Length > MaxMessageLength ? clean[..MaxMessageLength] : clean;
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Unprocessable entity",
    };
}
