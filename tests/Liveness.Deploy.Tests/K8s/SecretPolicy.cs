using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// No secret value in a manifest: no Secret object at all (operators create the Secrets with
/// <c>kubectl create secret</c>, see deploy/k8s/README.md), no secret-named key or credential-looking
/// value in a ConfigMap, and no secret as a plain <c>env</c> value (only <c>valueFrom</c> references).
/// </summary>
internal static partial class SecretPolicy
{
    private static readonly string[] s_podOwners = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod"];

    public static IReadOnlyList<string> Check(IReadOnlyList<JsonObject> rendered)
    {
        var violations = new List<string>();
        foreach (var manifest in rendered)
        {
            var where = Manifests.KindAndName(manifest);
            switch (manifest["kind"].Text())
            {
                case "Secret":
                    violations.Add($"{where}: a Secret object puts its values in the manifest; reference a Secret created with `kubectl create secret` instead");
                    break;
                case "ConfigMap":
                    foreach (var section in new[] { "data", "binaryData" })
                    {
                        foreach (var (key, value) in manifest[section] as JsonObject ?? [])
                        {
                            CheckSetting(where, key, value.Text(), violations);
                        }
                    }

                    break;
                case var kind when s_podOwners.Contains(kind):
                    var pod = kind == "Pod" ? manifest["spec"] : manifest["spec"]?["template"]?["spec"];
                    foreach (var container in pod.Objects("initContainers").Concat(pod.Objects("containers")))
                    {
                        foreach (var variable in container.Objects("env").Where(e => e["value"] is not null))
                        {
                            CheckSetting($"{where} container {container["name"].Text()} env", variable["name"].Text() ?? "", variable["value"].Text(), violations);
                        }
                    }

                    break;
            }
        }

        return violations;
    }

    /// <summary>True for a configuration key that holds a credential, in either notation.</summary>
    public static bool IsSecretKey(string key) => SecretKey().IsMatch(key);

    private static void CheckSetting(string where, string key, string? value, List<string> violations)
    {
        if (IsSecretKey(key))
        {
            violations.Add($"{where}: {key} is a secret and must come from a Secret reference, not a value");
        }

        if (value is not null && SecretValue().IsMatch(value))
        {
            violations.Add($"{where}: the value of {key} looks like a credential");
        }
    }

    // A key whose last segment names a credential, or any connection string (they carry passwords).
    [GeneratedRegex(@"(^|__|:)(ApiKey|Key|Password|Secret|ClientSecret|AccessKey|AccountKey|SubscriptionKey)$|(^|__|:)SigningKeys(__|:)[0-9]+$|^ConnectionStrings(__|:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"password\s*=|pwd\s*=|AccountKey\s*=|SharedAccessKey\s*=|client_secret|-----BEGIN", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();
}
