using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>A configuration key the manifests give the gateway, and where it is set.</summary>
internal sealed record ManifestKey(string Key, string Source);

/// <summary>
/// The configuration keys the rendered manifests set for the gateway container: its environment
/// variable names and the file names of the ConfigMaps and Secrets mounted at its key-per-file
/// directories, with <c>__</c> read as <c>:</c>. Standard runtime variables (ASP.NET Core, .NET,
/// OpenTelemetry, the Azure workload identity webhook's) are not configuration keys of the gateway.
/// </summary>
internal static class ManifestConfigurationKeys
{
    private static readonly HashSet<string> s_standardVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_URLS",
        "DOTNET_ENVIRONMENT", "DOTNET_USE_POLLING_FILE_WATCHER",
    };

    private static readonly string[] s_standardPrefixes = ["OTEL_", "AZURE_"];

    public static bool IsStandardVariable(string name) =>
        s_standardVariables.Contains(name) || s_standardPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The keys, and the problems that keep a key from being known (envFrom, unlisted Secret keys).</summary>
    public static (IReadOnlyList<ManifestKey> Keys, IReadOnlyList<string> Problems) OfGateway(IReadOnlyList<JsonObject> rendered)
    {
        var keys = new List<ManifestKey>();
        var problems = new List<string>();
        var deployment = rendered.OfKind("Deployment").Single(d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod.Objects("containers").Single(c => c["name"].Text() == DeploymentPolicy.GatewayContainer);

        if (container["envFrom"] is not null)
        {
            problems.Add("envFrom hides which keys are set: list each variable under env");
        }

        var env = container.Objects("env").Select(e => e["name"].Text() ?? "").ToList();
        keys.AddRange(env.Where(n => !IsStandardVariable(n)).Select(n => new ManifestKey(ToKey(n), $"env {n}")));

        var keyPerFileDirectories = container.Objects("env")
            .Where(e => e["name"].Text()?.StartsWith("KeyPerFile__Paths__", StringComparison.Ordinal) == true)
            .Select(e => e["value"].Text())
            .ToHashSet();
        var volumes = pod.Objects("volumes").ToDictionary(v => v["name"].Text() ?? "", StringComparer.Ordinal);
        foreach (var mount in container.Objects("volumeMounts").Where(m => keyPerFileDirectories.Contains(m["mountPath"].Text())))
        {
            var volume = volumes[mount["name"].Text()!];
            var sources = volume["projected"] is { } projected
                ? projected.Objects("sources").ToList()
                : [volume];
            foreach (var source in sources)
            {
                FileNames(source, rendered, $"{mount["mountPath"].Text()}", keys, problems);
            }
        }

        return (keys, problems);
    }

    public static string ToKey(string fileOrVariableName) => fileOrVariableName.Replace("__", ":", StringComparison.Ordinal);

    private static void FileNames(JsonNode source, IReadOnlyList<JsonObject> rendered, string directory, List<ManifestKey> keys, List<string> problems)
    {
        var (kind, reference) = source["configMap"] is { } configMap ? ("ConfigMap", configMap) : source["secret"] is { } secret ? ("Secret", secret) : ("", null);
        if (reference is null)
        {
            problems.Add($"{directory}: a volume source other than a ConfigMap or Secret");
            return;
        }

        var name = reference["name"].Text() ?? reference["secretName"].Text();
        var items = reference.Objects("items").ToList();
        if (items.Count > 0)
        {
            keys.AddRange(items.Select(i => new ManifestKey(ToKey(i["path"].Text() ?? ""), $"{kind} {name} file {i["path"].Text()} in {directory}")));
            return;
        }

        var definition = rendered.OfKind(kind).FirstOrDefault(o => o["metadata"]?["name"].Text() == name);
        if (definition?["data"] is JsonObject data)
        {
            keys.AddRange(data.Select(pair => new ManifestKey(ToKey(pair.Key), $"{kind} {name} file {pair.Key} in {directory}")));
        }
        else
        {
            problems.Add($"{kind} {name} in {directory}: its keys are not in the manifests; list them under items");
        }
    }
}
