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

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static async Task WriteJsonAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
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
