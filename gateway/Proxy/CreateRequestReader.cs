using System.Text.Json;
using Liveness.Gateway.Errors;
using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Reads what a client asked for in a create request and builds the body the gateway sends to Face.
/// Clients choose only <c>livenessOperationMode</c> and <c>deviceCorrelationId</c>; any other field
/// (<c>authTokenTimeToLiveInSeconds</c>, <c>enableSessionImage</c>, model version, ...) is ignored and
/// never forwarded: those come from <see cref="SessionPolicyOptions"/>.
/// </summary>
internal static class CreateRequestReader
{
    private const string ModeField = "livenessOperationMode";
    private const string DeviceField = "deviceCorrelationId";

    /// <summary>Builds the Face body for a liveness create from a JSON (or empty) request.</summary>
    public static async Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadLivenessAsync(HttpRequest request, UserId user, SessionPolicyOptions policy)
    {
        if (request.ContentLength > policy.MaxCreateBodyBytes)
        {
            return (null, TooLarge(policy.MaxCreateBodyBytes));
        }

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !IsJson(request.ContentType))
        {
            return (null, UnsupportedMediaType("Send the create request as application/json."));
        }

        byte[] body;
        try
        {
            body = hasBody ? await ReadBoundedAsync(request.Body, policy.MaxCreateBodyBytes, request.HttpContext.RequestAborted) : [];
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge(policy.MaxCreateBodyBytes));
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(policy.MaxCreateBodyBytes) : BadArgument("The request body could not be read."));
        }

        if (body.Length == 0)
        {
            return (FaceCreateSessionContent.ForLiveness(new SessionChoices(null, null), user, policy), null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, BadArgument("The request body is not valid JSON."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadArgument("The request body must be a JSON object."));
            }

            var mode = document.RootElement.TryGetProperty(ModeField, out var modeValue) ? modeValue : default;
            var device = document.RootElement.TryGetProperty(DeviceField, out var deviceValue) ? deviceValue : default;
            return Choose(
                mode.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : mode.ValueKind == JsonValueKind.String ? mode.GetString() : string.Empty,
                device.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : device.ValueKind == JsonValueKind.String ? device.GetString() : string.Empty,
                choices => FaceCreateSessionContent.ForLiveness(choices, user, policy));
        }
    }

    /// <summary>Builds the Face multipart body for a liveness-with-verify create: one JPEG or PNG image part plus the two choices.</summary>
    public static async Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadLivenessWithVerifyAsync(HttpRequest request, UserId user, SessionPolicyOptions policy)
    {
        var limit = policy.MaxVerifyImageBytes + MultipartAllowance;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(policy.MaxVerifyImageBytes));
        }

        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedMediaType("Send the verify create request as multipart/form-data with one image part (verifyImage)."));
        }

        IFormCollection form;
        try
        {
            var reader = new FormFeature(request, new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                ValueCountLimit = 16,
                ValueLengthLimit = 1024,
                MultipartHeadersCountLimit = 8,
                BufferBodyLengthLimit = limit,
            });
            form = await reader.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, e.Message.Contains("length", StringComparison.OrdinalIgnoreCase) ? TooLarge(policy.MaxVerifyImageBytes) : BadArgument("The multipart body has too many or too long parts."));
        }
        catch (InvalidDataException)
        {
            return (null, BadArgument("The multipart body is malformed."));
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(policy.MaxVerifyImageBytes) : BadArgument("The multipart body could not be read."));
        }
        catch (IOException)
        {
            return (null, BadArgument("The multipart body is malformed."));
        }

        if (form.Files.Count != 1)
        {
            return (null, GatewayProblem.Create(StatusCodes.Status400BadRequest, "Bad request", "Send exactly one image part (verifyImage).", "InvalidVerifyImage"));
        }

        var file = form.Files[0];
        if (file.Length > policy.MaxVerifyImageBytes)
        {
            return (null, TooLarge(policy.MaxVerifyImageBytes));
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, request.HttpContext.RequestAborted);
        }

        if (VerifyImage.TryRecognise(bytes) is not { } image)
        {
            return (null, GatewayProblem.Create(StatusCodes.Status400BadRequest, "Bad request", "The image part must be a JPEG or PNG image.", "InvalidVerifyImage"));
        }

        if (form[ModeField].Count > 1 || form[DeviceField].Count > 1)
        {
            return (null, BadArgument("Each field may be sent once."));
        }

        return Choose(
            form.TryGetValue(ModeField, out var mode) ? mode.ToString() : null,
            form.TryGetValue(DeviceField, out var device) ? device.ToString() : null,
            choices => FaceCreateSessionContent.ForLivenessWithVerify(choices, user, policy, image));
    }

    /// <summary>Room for the multipart boundaries and the two text fields around the image.</summary>
    private const long MultipartAllowance = 64 * 1024;

    private static (HttpContent?, ProblemHttpResult?) Choose(string? mode, string? device, Func<SessionChoices, HttpContent> build)
    {
        if (mode is not null && !LivenessOperationModes.IsValid(mode))
        {
            return (null, GatewayProblem.Create(StatusCodes.Status400BadRequest, "Bad request",
                $"livenessOperationMode must be '{LivenessOperationModes.Passive}' or '{LivenessOperationModes.PassiveActive}'.", "InvalidLivenessOperationMode"));
        }

        if (device is not null && !SessionChoices.IsValidDeviceCorrelationId(device))
        {
            return (null, GatewayProblem.Create(StatusCodes.Status400BadRequest, "Bad request",
                $"deviceCorrelationId must be 1 to {SessionChoices.MaxDeviceCorrelationIdLength} characters of letters, digits, '-', '_', '.' or ':'.", "InvalidDeviceCorrelationId"));
        }

        return (build(new SessionChoices(mode, device)), null);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        GatewayProblem.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body exceeds this route's limit of {limit} bytes.", "PayloadTooLarge");

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        GatewayProblem.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, "UnsupportedMediaType");

    private static ProblemHttpResult BadArgument(string detail) =>
        GatewayProblem.Create(StatusCodes.Status400BadRequest, "Bad request", detail, "BadArgument");

    private sealed class BodyTooLargeException : Exception;
}
