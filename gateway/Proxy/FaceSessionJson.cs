using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Proxy;

/// <summary>Reading Face's session answers and writing the gateway's own, for the operations that rewrite them.</summary>
internal static class FaceSessionJson
{
    private const int MaxSessionBodyBytes = 1024 * 1024;

    /// <summary>The content type of every JSON answer the gateway writes for Face.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Face's answer as a JSON object; null when it is too large or not one.</summary>
    public static async Task<JsonObject?> ReadSessionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxSessionBodyBytes)
        {
            return null;
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Face's answer as bytes, read whole (its length is known before anything reaches the client); null when it is
    /// larger than the gateway reads, whether Face announced the length or not.
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length)
        {
            if (length > MaxSessionBodyBytes)
            {
                return null;
            }

            var exact = new byte[length];
            await using var announced = await response.Content.ReadAsStreamAsync(cancellationToken);
            try
            {
                await announced.ReadExactlyAsync(exact, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                return null; // shorter than announced
            }

            return exact;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSessionBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a JSON answer whole, with its length (not chunked).</summary>
    public static async Task WriteAsync(HttpResponse response, int statusCode, byte[] json, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json, cancellationToken);
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static async Task WriteJsonAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The JSON as the client gets it (and the finished-result cache keeps it).</summary>
    public static byte[] ToUtf8Json(JsonNode body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The answer when Face's success could not be used.</summary>
    public static ProblemHttpResult UpstreamFailed() =>
        Problems.UpstreamError.ToResult("The liveness service's answer could not be used.");
}
