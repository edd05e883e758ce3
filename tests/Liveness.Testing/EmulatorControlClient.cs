using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Liveness.Testing;

/// <summary>
/// Typed access to the emulator's control API (<c>/emulator/...</c>, no key needed). It plays the phone or
/// browser running the Face client SDK, injects faults and reads the calls the emulator received.
/// Session methods return the session JSON exactly as <c>GET</c> on the Face path would. A control call
/// the emulator refuses throws <see cref="HttpRequestException"/> carrying the status and the error body.
/// </summary>
public sealed class EmulatorControlClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    internal EmulatorControlClient(HttpClient http) => _http = http;

    /// <summary>The client SDK starts the session: status becomes <c>Running</c> (401 TokenExpired after the token's TTL).</summary>
    public Task<JsonElement> StartSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendSessionAsync(sessionId, "start", body: null, cancellationToken);

    /// <summary>
    /// The client finishes with a decision (<c>realface</c>, <c>spoofface</c>, <c>uncertain</c>): the attempt
    /// and the session become <c>Succeeded</c> (the session is started first if needed).
    /// </summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="decision">The liveness decision the session reports.</param>
    /// <param name="sessionImage">Store a session image; null follows the session's enableSessionImage.</param>
    /// <param name="matchConfidence">Verify sessions only; null means a plausible match (0.93).</param>
    /// <param name="isIdentical">Verify sessions only; null means matchConfidence ≥ the session's threshold (0.5 by default).</param>
    /// <param name="abuseDetected">Sessions created with v1.3-preview.1 only: abuse monitoring flags the attempt (<c>isAbuseDetected</c>).</param>
    /// <param name="clientIp">Sessions created with v1.3-preview.1 only: the attempt's <c>clientInformation</c> address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonElement> CompleteAsync(
        string sessionId,
        string decision = "realface",
        bool? sessionImage = null,
        double? matchConfidence = null,
        bool? isIdentical = null,
        bool? abuseDetected = null,
        string? clientIp = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["decision"] = decision };
        if (abuseDetected is { } abuse)
        {
            body["abuseDetected"] = abuse;
        }

        if (clientIp is not null)
        {
            body["clientIp"] = clientIp;
        }

        if (sessionImage is { } image)
        {
            body["sessionImage"] = image;
        }

        if (matchConfidence is not null || isIdentical is not null)
        {
            var verify = new JsonObject();
            if (matchConfidence is { } confidence)
            {
                verify["matchConfidence"] = confidence;
            }

            if (isIdentical is { } identical)
            {
                verify["isIdentical"] = identical;
            }

            body["verify"] = verify;
        }

        return SendSessionAsync(sessionId, "attempts", body, cancellationToken);
    }

    /// <summary>
    /// The client's attempt fails with <paramref name="errorCode"/> (for example <c>FaceWithMaskDetected</c>).
    /// With <paramref name="final"/> the session becomes <c>Failed</c>; otherwise it stays <c>Running</c> for a retry.
    /// </summary>
    public Task<JsonElement> FailAttemptAsync(
        string sessionId,
        string errorCode = "FaceWithMaskDetected",
        bool final = true,
        string? errorMessage = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["errorCode"] = errorCode, ["final"] = final };
        if (errorMessage is not null)
        {
            body["errorMessage"] = errorMessage;
        }

        return SendSessionAsync(sessionId, "attempts", body, cancellationToken);
    }

    /// <summary>The user abandons the session: status <c>Canceled</c>.</summary>
    public Task<JsonElement> CancelAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendSessionAsync(sessionId, "cancel", body: null, cancellationToken);

    /// <summary>The next <paramref name="count"/> Face calls (any operation, any caller) fail as <paramref name="kind"/>.</summary>
    /// <param name="kind">How the calls fail.</param>
    /// <param name="count">How many calls fail; the one after them succeeds.</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> of a 429 (default 1) or 503 (none by default).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task InjectFaultsAsync(EmulatorFaultKind kind, int count = 1, int? retryAfterSeconds = null, CancellationToken cancellationToken = default)
    {
        var failNext = new JsonObject
        {
            ["count"] = count,
            ["kind"] = kind switch
            {
                EmulatorFaultKind.TooManyRequests => "429",
                EmulatorFaultKind.InternalServerError => "500",
                EmulatorFaultKind.ServiceUnavailable => "503",
                EmulatorFaultKind.DropConnection => "drop",
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            },
        };
        if (retryAfterSeconds is { } seconds)
        {
            failNext["retryAfterSeconds"] = seconds;
        }

        return SendAsync(HttpMethod.Post, "emulator/faults", new JsonObject { ["failNext"] = failNext }, cancellationToken);
    }

    /// <summary>The next <paramref name="count"/> Face calls answer Face's error envelope with <paramref name="status"/>, <paramref name="code"/> and <paramref name="message"/>.</summary>
    /// <param name="status">The HTTP status, 400 to 599.</param>
    /// <param name="code">The envelope's <c>code</c> (printable ASCII: it is sent as <c>x-ms-error-code</c> too).</param>
    /// <param name="message">The envelope's free-text <c>message</c>.</param>
    /// <param name="count">How many calls fail; the one after them succeeds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task InjectErrorAsync(int status, string code, string message, int count = 1, CancellationToken cancellationToken = default)
    {
        var failNext = new JsonObject { ["count"] = count, ["kind"] = "error", ["status"] = status, ["code"] = code, ["message"] = message };
        return SendAsync(HttpMethod.Post, "emulator/faults", new JsonObject { ["failNext"] = failNext }, cancellationToken);
    }

    /// <summary>Every Face call waits <paramref name="latency"/> (real time) before it is answered.</summary>
    public Task SetLatencyAsync(TimeSpan latency, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            "emulator/faults",
            new JsonObject { ["latencyMs"] = (int)latency.TotalMilliseconds },
            cancellationToken);

    /// <summary>Removes latency and pending failures.</summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "emulator/faults", body: null, cancellationToken);

    /// <summary>The Face calls received since the start (or the last <see cref="ResetCallsAsync"/>).</summary>
    public async Task<EmulatorCalls> GetCallsAsync(CancellationToken cancellationToken = default)
    {
        var calls = await _http.GetFromJsonAsync<EmulatorCalls>("emulator/calls", Json, cancellationToken)
            ?? throw new InvalidOperationException("The emulator answered GET /emulator/calls with null.");
        return calls with
        {
            Requests = [.. calls.Requests.Select(static call => call with
            {
                Headers = new Dictionary<string, string>(call.Headers, StringComparer.OrdinalIgnoreCase),
            })],
        };
    }

    /// <summary>Forgets the calls received so far (counts back to 0).</summary>
    public Task ResetCallsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "emulator/calls", body: null, cancellationToken);

    private async Task<JsonElement> SendSessionAsync(string sessionId, string action, JsonObject? body, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"emulator/sessions/{Uri.EscapeDataString(sessionId)}/{action}");
        using var response = await SendCoreAsync(HttpMethod.Post, path, body, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private async Task SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"Emulator control {method} /{path} answered {(int)status}: {error}", null, status);
        }

        return response;
    }
}
