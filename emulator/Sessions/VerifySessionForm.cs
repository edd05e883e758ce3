using System.Globalization;
using Liveness.Emulator.Errors;
using Microsoft.Extensions.Primitives;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// Reads the v1.2 multipart form of <c>POST detectLivenessWithVerify-sessions</c>: flat text fields and a
/// file part named exactly <c>verifyImage</c> that carries a filename. The preview shape (a
/// <c>Parameters</c> JSON part and a <c>VerifyImage</c> part) and a JSON body are refused.
/// </summary>
internal static class VerifySessionForm
{
    public const string VerifyImagePart = "verifyImage";
    private const long MaxImageBytes = 6 * 1024 * 1024;

    public static async Task<(CreateLivenessWithVerifySessionContent? Content, FaceErrorResult? Error)> ReadAsync(HttpRequest request)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FaceErrors.InvalidRequestBody());
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
        {
            return (null, FaceErrors.BadArgument("Request body is invalid."));
        }

        // Form keys are case-insensitive in ASP.NET Core; the part names the service wants are not.
        var image = form.Files.FirstOrDefault(static file => string.Equals(file.Name, VerifyImagePart, StringComparison.Ordinal));
        if (form.ContainsKey("Parameters") || form.Files.Any(static f => string.Equals(f.Name, "Parameters", StringComparison.OrdinalIgnoreCase)) || image is null)
        {
            return (null, FaceErrors.InvalidRequestBody());
        }

        if (image.Length == 0)
        {
            return (null, FaceErrors.InvalidImage());
        }

        if (image.Length > MaxImageBytes)
        {
            return (null, FaceErrors.InvalidImageSize());
        }

        if (!TryBool(form, "deviceCorrelationIdSetInClient", out var setInClient)
            || !TryBool(form, "enableSessionImage", out var enableSessionImage)
            || !TryBool(form, "returnVerifyImageHash", out var returnVerifyImageHash)
            || !TryInt(form, "authTokenTimeToLiveInSeconds", out var ttl)
            || !TryInt(form, "numberOfClientAttemptsAllowed", out var attemptsAllowed)
            || !TryFloat(form, "verifyConfidenceThreshold", out var threshold))
        {
            return (null, FaceErrors.BadArgument("Request body is invalid."));
        }

        using var buffer = new MemoryStream((int)image.Length);
        await image.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return (new CreateLivenessWithVerifySessionContent
        {
            LivenessOperationMode = Text(form, "livenessOperationMode"),
            DeviceCorrelationIdSetInClient = setInClient,
            EnableSessionImage = enableSessionImage,
            LivenessModelVersion = Text(form, "livenessModelVersion"),
            DeviceCorrelationId = Text(form, "deviceCorrelationId"),
            AuthTokenTimeToLiveInSeconds = ttl,
            ReturnVerifyImageHash = returnVerifyImageHash,
            VerifyConfidenceThreshold = threshold,
            NumberOfClientAttemptsAllowed = attemptsAllowed,
            VerifyImage = buffer.ToArray(),
        }, null);
    }

    private static string? Text(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) ? values[0] : null;

    private static bool TryBool(IFormCollection form, string name, out bool? value)
    {
        value = null;
        if (Text(form, name) is not { } text)
        {
            return true;
        }

        if (!bool.TryParse(text, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool TryInt(IFormCollection form, string name, out int? value)
    {
        value = null;
        if (Text(form, name) is not { } text)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static bool TryFloat(IFormCollection form, string name, out float? value)
    {
        value = null;
        if (Text(form, name) is not { } text)
        {
            return true;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !float.IsFinite(parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
