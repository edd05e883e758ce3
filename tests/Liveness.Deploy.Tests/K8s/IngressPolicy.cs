using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The public surface: every Ingress host is served over TLS, and every Ingress path leads to the
/// gateway Service's API port, never to the metrics port.
/// </summary>
internal static class IngressPolicy
{
    public static IReadOnlyList<string> Check(JsonObject ingress)
    {
        var violations = new List<string>();
        var where = Manifests.KindAndName(ingress);
        var spec = ingress["spec"];
        var tlsHosts = spec.Objects("tls")
            .Where(t => !string.IsNullOrEmpty(t["secretName"].Text()))
            .SelectMany(t => t["hosts"] as JsonArray ?? [])
            .Select(h => h.Text())
            .ToHashSet();

        if (spec?["defaultBackend"] is not null)
        {
            violations.Add($"{where}: no defaultBackend: only the listed paths are public");
        }

        var rules = spec.Objects("rules").ToList();
        if (rules.Count == 0)
        {
            violations.Add($"{where}: no rules");
        }

        foreach (var rule in rules)
        {
            var host = rule["host"].Text();
            if (host is null || !tlsHosts.Contains(host))
            {
                violations.Add($"{where}: host {host ?? "(any)"} is not covered by a tls entry with a secretName");
            }

            foreach (var path in rule["http"].Objects("paths"))
            {
                var service = path["backend"]?["service"];
                var port = service?["port"]?["name"].Text() ?? service?["port"]?["number"].Text();
                if (service?["name"].Text() != DeploymentPolicy.GatewayName || port is not ("http" or "80"))
                {
                    violations.Add($"{where}: path {path["path"].Text()} must lead to {DeploymentPolicy.GatewayName}:http (leads to {service?["name"].Text()}:{port})");
                }
            }
        }

        return violations;
    }
}
