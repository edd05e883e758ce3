using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

public sealed class DeploymentPolicyTests
{
    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryDeployment_InEveryKustomization_KeepsTheInvariants(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var deployments = rendered.OfKind("Deployment").ToList();

        Assert.Contains(deployments, d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);
        Assert.Empty(deployments.SelectMany(d => DeploymentPolicy.Check(d, rendered)));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Autoscaler_InEveryKustomization_OwnsTheGatewayReplicas(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var autoscaler = Assert.Single(rendered.OfKind("HorizontalPodAutoscaler"));

        Assert.Equal("Deployment", autoscaler["spec"]?["scaleTargetRef"]?["kind"].Text());
        Assert.Equal(DeploymentPolicy.GatewayName, autoscaler["spec"]?["scaleTargetRef"]?["name"].Text());
        Assert.Contains(autoscaler["spec"].Objects("metrics"), m => m["resource"]?["name"].Text() == "cpu");
        var minimum = autoscaler["spec"]?["minReplicas"].Integer();
        Assert.InRange(minimum ?? 0, kustomization.EndsWith("/dev", StringComparison.Ordinal) ? 2 : 3, autoscaler["spec"]?["maxReplicas"].Integer() ?? 0);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task DisruptionBudget_InEveryKustomization_SelectsTheGatewayPods(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var budget = Assert.Single(rendered.OfKind("PodDisruptionBudget"));
        var deployment = Assert.Single(rendered.OfKind("Deployment"), d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);

        Assert.Equal(
            deployment["spec"]?["selector"]?["matchLabels"]?.ToJsonString(),
            budget["spec"]?["selector"]?["matchLabels"]?.ToJsonString());
        Assert.Equal("1", budget["spec"]?["maxUnavailable"].Text());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task GatewayContainer_InEveryKustomization_BindsTheManagementPortExplicitly(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var deployment = Assert.Single(rendered.OfKind("Deployment"), d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);
        var container = deployment["spec"]?["template"]?["spec"].Objects("containers").Single(c => c["name"].Text() == "gateway");
        var env = container.Objects("env").ToDictionary(e => e["name"].Text()!, e => e["value"].Text(), StringComparer.Ordinal);

        // Unset, the management port follows the public URLs' hosts; the pod says where Prometheus reaches it.
        Assert.Equal("*", env.GetValueOrDefault("Management__Host"));
        var metricsPort = container.Objects("ports").Single(p => p["name"].Text() == "metrics")["containerPort"].Integer();
        Assert.Equal(metricsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture), env.GetValueOrDefault("Management__Port"));
    }

    [Fact]
    public void Check_TypicalUnhardenedDeployment_IsRejectedOnEveryCount()
    {
        const string Unhardened = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: liveness-gateway
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: gateway
              template:
                metadata:
                  labels:
                    app: gateway
                spec:
                  containers:
                    - name: gateway
                      image: liveness-gateway:latest
                      env:
                        - name: Shutdown__DrainTimeout
                          value: "00:00:45"
                      volumeMounts:
                        - name: config
                          mountPath: /app/appsettings.Production.json
                          subPath: appsettings.json
                  volumes:
                    - name: config
                      configMap:
                        name: gateway
            """;
        var deployment = Assert.Single(Manifests.Parse(Unhardened));

        var violations = string.Join(Environment.NewLine, DeploymentPolicy.Check(deployment, []));

        foreach (var expected in new[]
        {
            "automountServiceAccountToken", "runAsNonRoot", "allowPrivilegeEscalation", "readOnlyRootFilesystem",
            "drop ALL", "seccompProfile", "resources.requests.cpu", "resources.limits.memory", "livenessProbe",
            "readinessProbe", "startupProbe", "subPath", "spec.replicas", "maxUnavailable", "topology.kubernetes.io/zone",
            "uid 1654", "/tmp", "terminationGracePeriodSeconds", "DOTNET_USE_POLLING_FILE_WATCHER", "KeyPerFile__Paths__0",
        })
        {
            Assert.Contains(expected, violations, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "no liveness probe", "livenessProbe must be set" },
        { "readiness probe on /health/live", "readinessProbe must be an httpGet of /health/ready" },
        { "no startup probe", "startupProbe must be an httpGet" },
        { "no limits", "resources.limits.cpu must be set" },
        { "no memory request", "resources.requests.memory must be set" },
        { "root allowed", "runAsNonRoot must be true" },
        { "runs as uid 0", "runAsUser must not be 0" },
        { "writable root filesystem", "readOnlyRootFilesystem must be true" },
        { "privilege escalation unset", "allowPrivilegeEscalation must be false" },
        { "drops only NET_RAW", "capabilities must drop ALL" },
        { "adds NET_ADMIN", "capabilities must add none" },
        { "seccomp Unconfined", "seccompProfile type must be RuntimeDefault" },
        { "privileged", "privileged must not be true" },
        { "grace period equal to the drain", "terminationGracePeriodSeconds (25) must exceed" },
        { "drain longer than the grace period", "terminationGracePeriodSeconds (30) must exceed" },
        { "preStop sleep eats the margin", "the preStop sleep (10 s) plus Shutdown__DrainTimeout (25 s)" },
        { "no drain setting", "Shutdown__DrainTimeout must be set" },
        { "rolling update may take a pod away", "maxUnavailable 0" },
        { "single replica", "spec.replicas must be 3" },
        { "service account token mounted", "automountServiceAccountToken must be false" },
        { "host network", "hostNetwork must not be true" },
        { "host path volume", "is a hostPath" },
        { "configuration through subPath", "uses subPath" },
        { "writable configuration mount", "must be readOnly" },
        { "inotify file watcher", "DOTNET_USE_POLLING_FILE_WATCHER must be" },
        { "key-per-file directory not mounted", "KeyPerFile__Paths__1=/etc/elsewhere is not the mountPath" },
        { "no /tmp emptyDir", "/tmp must be an emptyDir" },
        { "no zone spread", "topology.kubernetes.io/zone" },
        { "another uid", "must run as uid 1654" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task Check_GatewayDeploymentWithOneInvariantBroken_IsRejected(string breakage, string expected)
    {
        var rendered = await Kustomize.RenderedObjectsAsync($"{Kustomize.Root}/base");
        var deployment = Assert.Single(rendered.OfKind("Deployment")).DeepClone().AsObject();
        Assert.Empty(DeploymentPolicy.Check(deployment, rendered)); // the unbroken one passes

        Break(deployment, breakage);
        var violations = DeploymentPolicy.Check(deployment, rendered);

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    private static void Break(JsonObject deployment, string breakage)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!.AsObject();
        var gateway = pod["containers"]!.AsArray().OfType<JsonObject>().Single(c => c["name"].Text() == DeploymentPolicy.GatewayContainer);
        var security = gateway["securityContext"]!.AsObject();
        var env = gateway["env"]!.AsArray();
        JsonObject Env(string name) => env.OfType<JsonObject>().Single(e => e["name"].Text() == name);

        switch (breakage)
        {
            case "no liveness probe": gateway.Remove("livenessProbe"); break;
            case "readiness probe on /health/live": gateway["readinessProbe"]!["httpGet"]!["path"] = "/health/live"; break;
            case "no startup probe": gateway.Remove("startupProbe"); break;
            case "no limits": gateway["resources"]!.AsObject().Remove("limits"); break;
            case "no memory request": gateway["resources"]!["requests"]!.AsObject().Remove("memory"); break;
            case "root allowed":
                pod["securityContext"]!["runAsNonRoot"] = false;
                security.Remove("runAsNonRoot");
                break;
            case "runs as uid 0": security["runAsUser"] = 0; break;
            case "writable root filesystem": security["readOnlyRootFilesystem"] = false; break;
            case "privilege escalation unset": security.Remove("allowPrivilegeEscalation"); break;
            case "drops only NET_RAW": security["capabilities"]!["drop"] = new JsonArray("NET_RAW"); break;
            case "adds NET_ADMIN": security["capabilities"]!["add"] = new JsonArray("NET_ADMIN"); break;
            case "seccomp Unconfined": security["seccompProfile"]!["type"] = "Unconfined"; break;
            case "privileged": security["privileged"] = true; break;
            case "grace period equal to the drain": pod["terminationGracePeriodSeconds"] = 25; break;
            case "drain longer than the grace period": Env("Shutdown__DrainTimeout")["value"] = "00:01:00"; break;
            case "preStop sleep eats the margin":
                gateway["lifecycle"] = new JsonObject { ["preStop"] = new JsonObject { ["sleep"] = new JsonObject { ["seconds"] = 10 } } };
                break;
            case "no drain setting": env.Remove(Env("Shutdown__DrainTimeout")); break;
            case "rolling update may take a pod away": deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"] = 1; break;
            case "single replica": deployment["spec"]!["replicas"] = 1; break;
            case "service account token mounted": pod["automountServiceAccountToken"] = true; break;
            case "host network": pod["hostNetwork"] = true; break;
            case "host path volume":
                pod["volumes"]!.AsArray().Add(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/var/run" } });
                break;
            case "configuration through subPath":
                gateway["volumeMounts"]!.AsArray().OfType<JsonObject>().First(m => m["name"].Text() == "config")["subPath"] = "Face__Endpoint";
                break;
            case "writable configuration mount":
                gateway["volumeMounts"]!.AsArray().OfType<JsonObject>().First(m => m["name"].Text() == "secrets")["readOnly"] = false;
                break;
            case "inotify file watcher": env.Remove(Env("DOTNET_USE_POLLING_FILE_WATCHER")); break;
            case "key-per-file directory not mounted": Env("KeyPerFile__Paths__1")["value"] = "/etc/elsewhere"; break;
            case "no /tmp emptyDir":
                var tmp = gateway["volumeMounts"]!.AsArray().OfType<JsonObject>().Single(m => m["mountPath"].Text() == "/tmp");
                gateway["volumeMounts"]!.AsArray().Remove(tmp);
                break;
            case "no zone spread":
                var constraints = pod["topologySpreadConstraints"]!.AsArray();
                constraints.Remove(constraints.OfType<JsonObject>().Single(c => c["topologyKey"].Text() == "topology.kubernetes.io/zone"));
                break;
            case "another uid":
                security["runAsUser"] = 1000;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "No such breakage.");
        }
    }
}
