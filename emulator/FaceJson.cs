using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Liveness.Emulator;

/// <summary>The JSON shape of the Face service: camelCase names, absent (not null) optional members.</summary>
internal static class FaceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Quotes inside strings as \" (like the service), not \u0022; every response is JSON, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string ContentType = "application/json; charset=utf-8";
}
