using System.Globalization;
using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The security and availability invariants of a Deployment, as a list of violations (empty when
/// the Deployment keeps them all). Every Deployment: non-root, no privilege escalation, read-only
/// root, all capabilities dropped, seccomp RuntimeDefault, requests and limits, liveness and
/// readiness probes, no host namespaces or host paths, no subPath mounts of configuration. The
/// gateway in addition: its health paths and startup probe, zero-unavailable rolling updates, zone
/// spread, /tmp as an emptyDir, the shutdown budget, and key-per-file configuration that reloads.
/// </summary>
internal static class DeploymentPolicy
{
    public const string GatewayName = "liveness-gateway";
    public const string GatewayContainer = "gateway";
    public const int AppUid = 1654;

    /// <param name="deployment">The Deployment to check.</param>
    /// <param name="rendered">Every object rendered with it, to find the ConfigMaps it reads.</param>
    public static IReadOnlyList<string> Check(JsonObject deployment, IReadOnlyList<JsonObject> rendered)
    {
        var violations = new List<string>();
        var name = deployment["metadata"]?["name"].Text() ?? "?";
        if (deployment["spec"]?["template"]?["spec"] is not JsonObject pod)
        {
            return [$"{name}: no spec.template.spec"];
        }

        void Fail(string message) => violations.Add($"{name}: {message}");

        CheckPod(pod, Fail);
        foreach (var container in pod.Objects("initContainers"))
        {
            CheckContainer(pod, container, isInit: true, Fail);
        }

        foreach (var container in pod.Objects("containers"))
        {
            CheckContainer(pod, container, isInit: false, Fail);
        }

        if (name == GatewayName)
        {
            CheckGateway(deployment, pod, rendered, Fail);
        }

        return violations;
    }

    private static void CheckPod(JsonObject pod, Action<string> fail)
    {
        if (pod["automountServiceAccountToken"].Boolean() != false)
        {
            fail("automountServiceAccountToken must be false (no container calls the Kubernetes API)");
        }

        foreach (var hostNamespace in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (pod[hostNamespace].Boolean() == true)
            {
                fail($"{hostNamespace} must not be true");
            }
        }

        foreach (var volume in pod.Objects("volumes").Where(v => v["hostPath"] is not null))
        {
            fail($"volume {volume["name"].Text()} is a hostPath");
        }

        if (pod.Objects("containers").Any() is false)
        {
            fail("no containers");
        }
    }

    private static void CheckContainer(JsonObject pod, JsonObject container, bool isInit, Action<string> fail)
    {
        var name = container["name"].Text();
        void Fail(string message) => fail($"container {name}: {message}");

        var podSecurity = pod["securityContext"];
        var security = container["securityContext"];
        if ((security?["runAsNonRoot"] ?? podSecurity?["runAsNonRoot"]).Boolean() != true)
        {
            Fail("runAsNonRoot must be true");
        }

        if ((security?["runAsUser"] ?? podSecurity?["runAsUser"]).Integer() == 0)
        {
            Fail("runAsUser must not be 0 (root)");
        }

        if (security?["allowPrivilegeEscalation"].Boolean() != false)
        {
            Fail("allowPrivilegeEscalation must be false");
        }

        if (security?["readOnlyRootFilesystem"].Boolean() != true)
        {
            Fail("readOnlyRootFilesystem must be true");
        }

        if (security?["privileged"].Boolean() == true)
        {
            Fail("privileged must not be true");
        }

        var capabilities = security?["capabilities"];
        if (capabilities?["drop"] is not JsonArray drop || !drop.Any(c => c.Text() == "ALL"))
        {
            Fail("capabilities must drop ALL");
        }

        if (capabilities?["add"] is JsonArray { Count: > 0 })
        {
            Fail("capabilities must add none");
        }

        var seccomp = (security?["seccompProfile"] ?? podSecurity?["seccompProfile"])?["type"].Text();
        if (seccomp != "RuntimeDefault")
        {
            Fail($"seccompProfile type must be RuntimeDefault (is {seccomp ?? "unset"})");
        }

        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (container["resources"]?[kind]?[resource] is null)
                {
                    Fail($"resources.{kind}.{resource} must be set");
                }
            }
        }

        if (!isInit)
        {
            foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
            {
                if (container[probe] is not JsonObject)
                {
                    Fail($"{probe} must be set");
                }
            }
        }

        var configurationVolumes = pod.Objects("volumes")
            .Where(v => v["configMap"] is not null || v["secret"] is not null || v["projected"] is not null)
            .Select(v => v["name"].Text())
            .ToHashSet();
        foreach (var mount in container.Objects("volumeMounts").Where(m => configurationVolumes.Contains(m["name"].Text())))
        {
            if (mount["subPath"] is not null || mount["subPathExpr"] is not null)
            {
                Fail($"mount {mount["mountPath"].Text()} uses subPath: Kubernetes never updates subPath mounts, so configuration changes would not reach the pod");
            }

            if (mount["readOnly"].Boolean() != true)
            {
                Fail($"mount {mount["mountPath"].Text()} of configuration must be readOnly");
            }
        }
    }

    private static void CheckGateway(JsonObject deployment, JsonObject pod, IReadOnlyList<JsonObject> rendered, Action<string> fail)
    {
        var spec = deployment["spec"]!;
        if (spec["replicas"].Text() != "3")
        {
            fail("spec.replicas must be 3: the gateway starts with three replicas (the HorizontalPodAutoscaler scales from there)");
        }

        if (spec["strategy"]?["type"].Text() is not (null or "RollingUpdate")
            || spec["strategy"]?["rollingUpdate"]?["maxUnavailable"].Text() is not ("0" or "0%"))
        {
            fail("strategy must be a RollingUpdate with maxUnavailable 0");
        }

        if (!pod.Objects("topologySpreadConstraints").Any(c => c["topologyKey"].Text() == "topology.kubernetes.io/zone"))
        {
            fail("topologySpreadConstraints must spread across topology.kubernetes.io/zone");
        }

        var uid = (pod["containers"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["name"].Text() == GatewayContainer)?["securityContext"]?["runAsUser"]
            ?? pod["securityContext"]?["runAsUser"]).Integer();
        if (uid != AppUid)
        {
            fail($"the gateway must run as uid {AppUid}, the `app` user of the chiseled image (is {uid?.ToString(CultureInfo.InvariantCulture) ?? "unset"})");
        }

        var gateway = pod.Objects("containers").FirstOrDefault(c => c["name"].Text() == GatewayContainer);
        if (gateway is null)
        {
            fail($"no container named {GatewayContainer}");
            return;
        }

        CheckHttpProbe(gateway, "livenessProbe", ["/health/live"], fail);
        CheckHttpProbe(gateway, "readinessProbe", ["/health/ready"], fail);
        CheckHttpProbe(gateway, "startupProbe", ["/health/live", "/health/ready"], fail);

        var volumes = pod.Objects("volumes").ToDictionary(v => v["name"].Text() ?? "", StringComparer.Ordinal);
        var mounts = gateway.Objects("volumeMounts").ToList();
        if (!mounts.Any(m => m["mountPath"].Text() == "/tmp" && volumes.TryGetValue(m["name"].Text() ?? "", out var v) && v["emptyDir"] is not null))
        {
            fail("/tmp must be an emptyDir mount (the root filesystem is read-only)");
        }

        var env = gateway.Objects("env").ToDictionary(e => e["name"].Text() ?? "", StringComparer.Ordinal);
        CheckShutdownBudget(pod, gateway, env, rendered, fail);
        CheckKeyPerFile(env, mounts, volumes, fail);
    }

    private static void CheckHttpProbe(JsonObject container, string probe, string[] paths, Action<string> fail)
    {
        var path = container[probe]?["httpGet"]?["path"].Text();
        if (!paths.Contains(path))
        {
            fail($"{probe} must be an httpGet of {string.Join(" or ", paths)} (is {path ?? "unset"})");
        }
    }

    /// <summary>
    /// terminationGracePeriodSeconds must cover the preStop sleep plus the gateway's drain
    /// (Shutdown:DrainTimeout), with a margin for the process to exit.
    /// </summary>
    private static void CheckShutdownBudget(JsonObject pod, JsonObject gateway, Dictionary<string, JsonObject> env, IReadOnlyList<JsonObject> rendered, Action<string> fail)
    {
        const string DrainKey = "Shutdown__DrainTimeout";
        var drainText = env.TryGetValue(DrainKey, out var drainVariable)
            ? drainVariable["value"].Text()
            : rendered.OfKind("ConfigMap").Select(c => c["data"]?[DrainKey].Text()).FirstOrDefault(v => v is not null);
        if (drainText is null || !TimeSpan.TryParse(drainText, CultureInfo.InvariantCulture, out var drain))
        {
            fail($"{DrainKey} must be set to a TimeSpan (env or ConfigMap), so the grace period can be checked against it (is {drainText ?? "unset"})");
            return;
        }

        var preStopSleep = gateway["lifecycle"]?["preStop"]?["sleep"]?["seconds"].Integer() ?? 0;
        var grace = pod["terminationGracePeriodSeconds"].Integer() ?? 30; // the Kubernetes default
        if (grace <= preStopSleep + drain.TotalSeconds)
        {
            fail($"terminationGracePeriodSeconds ({grace}) must exceed the preStop sleep ({preStopSleep} s) plus {DrainKey} ({drain.TotalSeconds} s), or the kubelet kills requests still draining");
        }
    }

    /// <summary>Every key-per-file directory is a mounted ConfigMap/Secret, watched by polling.</summary>
    private static void CheckKeyPerFile(Dictionary<string, JsonObject> env, List<JsonObject> mounts, Dictionary<string, JsonObject> volumes, Action<string> fail)
    {
        if (env.GetValueOrDefault("DOTNET_USE_POLLING_FILE_WATCHER")?["value"].Text() is not ("true" or "1"))
        {
            fail("DOTNET_USE_POLLING_FILE_WATCHER must be \"true\": mounted ConfigMaps and Secrets change by a symlink swap that file-system events miss");
        }

        var paths = env.Where(e => e.Key.StartsWith("KeyPerFile__Paths__", StringComparison.Ordinal)).ToList();
        if (paths.Count == 0)
        {
            fail("KeyPerFile__Paths__0 must name the mounted configuration directory");
        }

        foreach (var (key, variable) in paths)
        {
            var directory = variable["value"].Text();
            var mount = mounts.FirstOrDefault(m => m["mountPath"].Text() == directory);
            if (mount is null || !volumes.TryGetValue(mount["name"].Text() ?? "", out var volume)
                || (volume["configMap"] ?? volume["secret"] ?? volume["projected"]) is null)
            {
                fail($"{key}={directory} is not the mountPath of a ConfigMap, Secret or projected volume");
            }
        }
    }
}
