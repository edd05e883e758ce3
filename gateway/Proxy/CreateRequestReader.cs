using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Liveness.Gateway.Errors;
using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
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
    public static async Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadLivenessAsync(HttpRequest request, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse)
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
        catch (IOException)
        {
            // Kestrel reports some framing errors this way, e.g. a chunk size that overflows.
            return (null, BadArgument("The request body could not be read."));
        }

        if (body.Length == 0)
        {
            return (FaceCreateSessionContent.ForLiveness(new SessionChoices(null, null), user, policy, abuse), null);
        }

        // JSON text is UTF-8 (RFC 8259); the parser does not check inside strings it is not asked to decode.
        if (!Utf8.IsValid(body))
        {
            return (null, BadArgument("The request body is not valid UTF-8."));
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

            if (!TryReadChoice(document.RootElement, ModeField, out var mode) || !TryReadChoice(document.RootElement, DeviceField, out var device))
            {
                return (null, BadArgument("A string in the request body is not valid Unicode (a lone surrogate)."));
            }

            return Choose(mode, device, choices => FaceCreateSessionContent.ForLiveness(choices, user, policy, abuse));
        }
    }

    /// <summary>
    /// Builds the Face multipart body for a liveness-with-verify create: one JPEG or PNG image part plus the
    /// two choices. The sections are read here, as they arrive: text fields into small bounded strings, the
    /// image straight into one buffer of at most <see cref="SessionPolicyOptions.MaxVerifyImageBytes"/>, which
    /// the body sent to Face then reads in place (no temp file, no second copy).
    /// </summary>
    public static async Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadLivenessWithVerifyAsync(HttpRequest request, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse)
    {
        if (request.ContentLength > policy.MaxVerifyImageBytes + MultipartAllowance)
        {
            return (null, TooLarge(policy.MaxVerifyImageBytes));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedMediaType("Send the verify create request as multipart/form-data with one image part (verifyImage)."));
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary);
        if (StringSegment.IsNullOrEmpty(boundary))
        {
            return (null, BadArgument("The multipart/form-data content type has no boundary."));
        }

        if (boundary.Length > MaxBoundaryLength)
        {
            return (null, BadArgument($"The multipart boundary is {boundary.Length} characters long; RFC 2046 allows at most {MaxBoundaryLength}."));
        }

        var reader = new MultipartReader(boundary.ToString(), request.Body)
        {
            HeadersCountLimit = 8,
            HeadersLengthLimit = 8 * 1024,
            BodyLengthLimit = policy.MaxVerifyImageBytes + 1, // a part the gateway skips unread is bounded too
        };
        var cancellationToken = request.HttpContext.RequestAborted;
        string? mode = null;
        string? device = null;
        ReadOnlyMemory<byte>? bytes = null;
        var parts = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (++parts > MaxParts)
                {
                    return (null, BadArgument("The multipart body has too many or too long parts."));
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue; // not form data: skipped, as ASP.NET Core's form reader does
                }

                if (disposition.IsFileDisposition())
                {
                    if (bytes is not null)
                    {
                        return (null, NotOneImage());
                    }

                    bytes = await ReadImageAsync(section.Body, request.ContentLength, policy.MaxVerifyImageBytes, cancellationToken);
                    if (bytes is null)
                    {
                        return (null, TooLarge(policy.MaxVerifyImageBytes));
                    }
                }
                else if (disposition.IsFormDisposition())
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name);
                    if (await ReadFieldAsync(section.Body, cancellationToken) is not { } value)
                    {
                        return (null, BadArgument("The multipart body has too many or too long parts."));
                    }

                    var duplicate = false;
                    if (name.Equals(ModeField, StringComparison.OrdinalIgnoreCase))
                    {
                        duplicate = mode is not null;
                        mode = value;
                    }
                    else if (name.Equals(DeviceField, StringComparison.OrdinalIgnoreCase))
                    {
                        duplicate = device is not null;
                        device = value;
                    }

                    if (duplicate)
                    {
                        return (null, BadArgument("Each field may be sent once."));
                    }
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(policy.MaxVerifyImageBytes) : BadArgument("The multipart body could not be read."));
        }
        catch (DecoderFallbackException)
        {
            return (null, BadArgument("A multipart field is not valid UTF-8."));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, BadArgument("The multipart body is malformed."));
        }

        if (bytes is not { } imageBytes)
        {
            return (null, NotOneImage());
        }

        if (VerifyImage.TryRecognise(imageBytes) is not { } image)
        {
            return (null, Problems.InvalidVerifyImage.ToResult());
        }

        if (!image.HasFaceDimensions)
        {
            return (null, Problems.VerifyImageSize(image.Width, image.Height));
        }

        return Choose(mode, device, choices => FaceCreateSessionContent.ForLivenessWithVerify(choices, user, policy, image, abuse));
    }

    /// <summary>RFC 2046 section 5.1.1: a boundary is 1 to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    /// <summary>Parts read at most: the image, the two choices and a few fields the gateway ignores.</summary>
    private const int MaxParts = 16;

    /// <summary>Longest text field read, in bytes (the choices are far shorter).</summary>
    private const int MaxFieldBytes = 1024;

    /// <summary>First buffer for an image whose request has no Content-Length (chunked); doubled as needed.</summary>
    private const int UnknownLengthImageBuffer = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the image part into one buffer: sized from the request's Content-Length (the part is smaller
    /// than the whole body) up to one byte over the limit; grown by doubling when the length is unknown.
    /// Null when the part is larger than <paramref name="limit"/>.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadImageAsync(Stream part, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        var capacity = (int)Math.Clamp(contentLength ?? UnknownLengthImageBuffer, 1, limit + 1);
        var buffer = GC.AllocateUninitializedArray<byte>(capacity);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    return null;
                }

                var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max((long)buffer.Length * 2, UnknownLengthImageBuffer), limit + 1));
                buffer.AsSpan(0, length).CopyTo(grown);
                buffer = grown;
            }

            var read = await part.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
        }
    }

    /// <summary>A text field as strict UTF-8, or null when it is longer than <see cref="MaxFieldBytes"/>.</summary>
    private static async Task<string?> ReadFieldAsync(Stream part, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await part.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > MaxFieldBytes ? null : StrictUtf8.GetString(buffer, 0, length);
    }

    private static ProblemHttpResult NotOneImage() =>
        Problems.InvalidVerifyImage.ToResult("Send exactly one image part (verifyImage).");

    /// <summary>Room for the multipart boundaries and the two text fields around the image.</summary>
    internal const long MultipartAllowance = 64 * 1024;

    private static (HttpContent?, ProblemHttpResult?) Choose(string? mode, string? device, Func<SessionChoices, HttpContent> build)
    {
        if (mode is not null && !LivenessOperationModes.IsValid(mode))
        {
            return (null, Problems.InvalidLivenessOperationMode.ToResult());
        }

        if (device is not null && !SessionChoices.IsValidDeviceCorrelationId(device))
        {
            return (null, Problems.InvalidDeviceCorrelationId.ToResult());
        }

        return (build(new SessionChoices(mode, device)), null);
    }

    /// <summary>
    /// A choice from the JSON body: null when absent or null, empty when not a string (refused by the
    /// choice's own rule). False when the string cannot be decoded (an escaped lone surrogate).
    /// </summary>
    private static bool TryReadChoice(JsonElement body, string name, out string? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            value = string.Empty;
            return true;
        }

        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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

    private static ProblemHttpResult TooLarge(long limit) => Problems.BodyOverLimit(limit);

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Problems.UnsupportedMediaType.ToResult(detail);

    private static ProblemHttpResult BadArgument(string detail) =>
        Problems.BadArgument.ToResult(detail);

    private sealed class BodyTooLargeException : Exception;
}
