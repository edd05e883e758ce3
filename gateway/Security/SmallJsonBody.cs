using System.Text.Json;

namespace Liveness.Gateway.Security;

/// <summary>
/// Reads the small JSON object that the gateway's own endpoints take as a body (the assertion endpoint's audience,
/// the operators' reset), never more than a fixed number of bytes whatever <c>Content-Length</c> says, so memory
/// stays bounded under bursts. Anything else (another content type, too large, not JSON, not an object) is null, for
/// the endpoint to answer with its 400.
/// </summary>
internal static class SmallJsonBody
{
    /// <summary>The body as a JSON object of at most <paramref name="maxBytes"/> bytes, or null; the caller disposes it.</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes || !(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return null;
        }

        return document;
    }
}
