using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The gateway's NetworkPolicy: it governs both directions; traffic in comes only from the ingress
/// controller's namespace (API port) and the monitoring namespace (metrics port); traffic out goes
/// only to DNS, Redis, HTTPS and, in dev, the emulator's pods.
/// </summary>
internal static class NetworkPolicyRules
{
    public const int ApiPort = 8080;
    public const int MetricsPort = 8081;

    private static readonly HashSet<string> s_egressPorts = ["53/UDP", "53/TCP", "6379/TCP", "6380/TCP", "443/TCP"];

    public static IReadOnlyList<string> Check(JsonObject policy)
    {
        var violations = new List<string>();
        var where = Manifests.KindAndName(policy);
        var spec = policy["spec"];
        if (spec?["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"].Text() != DeploymentPolicy.GatewayName)
        {
            violations.Add($"{where}: podSelector must select the gateway pods");
        }

        var types = (spec?["policyTypes"] as JsonArray)?.Select(t => t.Text()).ToHashSet() ?? [];
        if (!types.SetEquals(["Ingress", "Egress"]))
        {
            violations.Add($"{where}: policyTypes must be Ingress and Egress");
        }

        foreach (var rule in spec.Objects("ingress"))
        {
            var ports = Ports(rule);
            var sources = rule.Objects("from").ToList();
            if (sources.Count == 0 || sources.Any(s => s["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] is null || s["ipBlock"] is not null))
            {
                violations.Add($"{where}: every ingress rule must admit only named namespaces (kubernetes.io/metadata.name)");
            }

            if (ports.Count == 0 || ports.Any(p => p is not ($"8080/TCP" or $"8081/TCP")))
            {
                violations.Add($"{where}: ingress must be limited to ports {ApiPort} and {MetricsPort} (is {(ports.Count == 0 ? "every port" : string.Join(", ", ports))})");
            }

            if (ports.Contains("8080/TCP") && ports.Contains("8081/TCP"))
            {
                violations.Add($"{where}: the API port and the metrics port must be admitted from different namespaces");
            }
        }

        foreach (var rule in spec.Objects("egress"))
        {
            var ports = Ports(rule);
            var toEmulatorPods = rule.Objects("to").Any()
                && rule.Objects("to").All(t => t["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"].Text() == "liveness-face-emulator" && t["namespaceSelector"] is null);
            if (ports.Count == 0)
            {
                violations.Add($"{where}: an egress rule without ports allows every port");
            }
            else if (!toEmulatorPods && !ports.IsSubsetOf(s_egressPorts))
            {
                violations.Add($"{where}: egress to {string.Join(", ", ports.Except(s_egressPorts))} is not DNS, Redis or HTTPS");
            }
        }

        return violations;
    }

    private static HashSet<string> Ports(JsonObject rule) =>
        [.. rule.Objects("ports").Select(p => $"{p["port"].Text()}/{p["protocol"].Text() ?? "TCP"}")];
}
