using System.Globalization;
using System.Text.Json;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Turns Face's error answers into the gateway's problem+json: Face's 4xx about the request keep their
/// status and carry Face's code; 401/403 mean the gateway's own credential is wrong (502 to the
/// client, the reason in the log); 429 stays 429 with <c>Retry-After</c>; 5xx become 502 (504 for 504).
/// The detail is always the gateway's own text: Face's free-text <c>message</c> never reaches a client
/// (it may carry anything, bidi controls included) nor a log line, and Face's <c>code</c> only when it
/// has the shape of a code (<see cref="SafeCode"/>).
/// </summary>
internal static class UpstreamErrorTranslator
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>The longest Face code passed on; Face's codes are short identifiers (<c>SessionNotFound</c>, <c>429</c>).</summary>
    private const int MaxCodeLength = 64;

    public static async Task<ProblemHttpResult> TranslateAsync(HttpResponseMessage response, string operation, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var code = SafeCode(await ReadFaceCodeAsync(response, cancellationToken));
        var logged = code ?? "-";
        switch (status)
        {
            case StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden:
                Log.FaceCredentialRefused(logger, status, logged);
                return Problems.UpstreamAuthenticationFailed.ToResult();
            case StatusCodes.Status429TooManyRequests:
                Log.FaceError(logger, status, logged, operation);
                return Problems.FaceRateLimited(code);
            case StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound or StatusCodes.Status409Conflict
                or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status422UnprocessableEntity:
                Log.FaceError(logger, status, logged, operation);
                return Problems.FaceRefused(status, code);
            case StatusCodes.Status504GatewayTimeout:
                Log.FaceError(logger, status, logged, operation);
                return Problems.UpstreamTimeout.ToResult();
            default:
                Log.FaceError(logger, status, logged, operation);
                return Problems.UpstreamError.ToResult();
        }
    }

    /// <summary>
    /// <paramref name="code"/> if it has the shape of a Face error code: 1 to <see cref="MaxCodeLength"/> ASCII
    /// letters and digits. Anything else (spaces, punctuation, controls, other scripts) is dropped, not cleaned:
    /// a code is compared by machines, and a changed code is a wrong one.
    /// </summary>
    public static string? SafeCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && code.All(char.IsAsciiLetterOrDigit) ? code : null;

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

    /// <summary>The <c>error.code</c> of Face's error envelope (a string or a number), or null.</summary>
    private static async Task<string?> ReadFaceCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return code.ToString();
            }
        }
        catch (JsonException)
        {
        }
        catch (IOException)
        {
        }

        return null;
    }
}
