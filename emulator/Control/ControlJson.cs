using System.Text.Json;
using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Control;

/// <summary>Reads control API bodies, answering malformed JSON with the Face error envelope.</summary>
internal static class ControlJson
{
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, FaceJson.Options, request.HttpContext.RequestAborted);
            return body is null ? (null, FaceErrors.BadArgument("Request body is invalid.")) : (body, null);
        }
        catch (JsonException)
        {
            return (null, FaceErrors.JsonParsingError());
        }
    }
}
