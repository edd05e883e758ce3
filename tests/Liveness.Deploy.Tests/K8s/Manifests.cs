using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// Rendered Kubernetes YAML as JSON nodes: mappings become objects, sequences arrays, and plain
/// scalars numbers, booleans or null where YAML would read them so (quoted scalars stay strings).
/// </summary>
internal static class Manifests
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var objects = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                continue;
            }

            objects.Add(ToJson(document.RootNode) as JsonObject
                ?? throw new InvalidDataException($"A YAML document at {document.RootNode.Start} is not a mapping."));
        }

        return objects;
    }

    public static string KindAndName(JsonObject manifest) =>
        $"{manifest["kind"]?.GetValue<string>()}/{manifest["metadata"]?["name"]?.GetValue<string>()}";

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> manifests, string kind) =>
        manifests.Where(m => m["kind"]?.GetValue<string>() == kind);

    /// <summary>The object's array at <paramref name="name"/>, as objects, or empty when absent.</summary>
    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string name) =>
        node?[name] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A scalar as text, whatever YAML made of it (the value <c>8080</c> and <c>"8080"</c> alike).</summary>
    public static string? Text(this JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        JsonValue value when value.TryGetValue<double>(out var real) => real.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    public static long? Integer(this JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        _ => null,
    };

    public static bool? Boolean(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
