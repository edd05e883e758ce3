using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

public sealed class OverlayTests
{
    private const string Dev = $"{Kustomize.Root}/overlays/dev";
    private const string Production = $"{Kustomize.Root}/overlays/production";

    [Fact]
    public async Task Production_UsesEntraWorkloadIdentityForFace()
    {
        var rendered = await Kustomize.RenderedObjectsAsync(Production);
        var account = Assert.Single(rendered.OfKind("ServiceAccount"));
        var template = Gateway(rendered)["spec"]!["template"]!;

        Assert.Equal("EntraId", Config(rendered)["Face__Credential"].Text());
        Assert.True(Guid.TryParse(account["metadata"]?["annotations"]?["azure.workload.identity/client-id"].Text(), out _));
        Assert.Equal("true", template["metadata"]?["labels"]?["azure.workload.identity/use"].Text());
        Assert.Equal(account["metadata"]?["name"].Text(), template["spec"]?["serviceAccountName"].Text());
        Assert.StartsWith("https://", Config(rendered)["Face__Endpoint"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_SpreadsAcrossZonesAsAHardRule()
    {
        var rendered = await Kustomize.RenderedObjectsAsync(Production);
        var zone = Assert.Single(Gateway(rendered)["spec"]!["template"]!["spec"].Objects("topologySpreadConstraints"), c => c["topologyKey"].Text() == "topology.kubernetes.io/zone");

        Assert.Equal("DoNotSchedule", zone["whenUnsatisfiable"].Text());
    }

    [Fact]
    public async Task Production_PinsAnImageTagFromARegistry()
    {
        var rendered = await Kustomize.RenderedObjectsAsync(Production);
        var image = Gateway(rendered)["spec"]!["template"]!["spec"].Objects("containers").Single()["image"].Text();

        Assert.Matches(@"^[a-z0-9.-]+\.[a-z]+/liveness-gateway(:[0-9][\w.-]*|@sha256:[0-9a-f]{64})$", image);
    }

    [Fact]
    public async Task Dev_PointsTheGatewayAtTheInClusterEmulatorAndRedis()
    {
        var rendered = await Kustomize.RenderedObjectsAsync(Dev);
        var services = rendered.OfKind("Service").Select(s => s["metadata"]?["name"].Text()).ToHashSet();
        var emulator = Assert.Single(rendered.OfKind("Deployment"), d => d["metadata"]?["name"].Text() == "liveness-face-emulator");
        var emulatorKey = emulator["spec"]!["template"]!["spec"].Objects("containers").Single().Objects("env").Single(e => e["name"].Text() == "Emulator__ApiKey");

        Assert.Equal("http://liveness-face-emulator", Config(rendered)["Face__Endpoint"].Text());
        Assert.Equal("ApiKey", Config(rendered)["Face__Credential"].Text());
        Assert.Contains("liveness-face-emulator", services);
        Assert.Contains("liveness-redis", services);
        Assert.Equal("liveness-gateway-face", emulatorKey["valueFrom"]?["secretKeyRef"]?["name"].Text()); // the same key on both sides
        Assert.Equal("Face__ApiKey", emulatorKey["valueFrom"]?["secretKeyRef"]?["key"].Text());
        Assert.Equal("liveness-gateway:dev", Image(Gateway(rendered))); // built locally: see deploy/k8s/README.md
        Assert.Equal("liveness-face-emulator:dev", Image(emulator));
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Production)]
    public async Task EveryOverlay_EnforcesTheRestrictedPodSecurityStandard(string overlay)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(overlay);
        var ns = Assert.Single(rendered.OfKind("Namespace"));

        Assert.Equal("restricted", ns["metadata"]?["labels"]?["pod-security.kubernetes.io/enforce"].Text());
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Production)]
    public async Task EveryOverlay_MountsTheAssertionSigningKeysAsASecretAndSetsTheIssuer(string overlay)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(overlay);
        var spec = Gateway(rendered)["spec"]!["template"]!["spec"]!;
        var secrets = spec.Objects("volumes").Single(v => v["name"].Text() == "secrets")["projected"].Objects("sources")
            .Select(s => s["secret"]).Where(s => s?["name"].Text() == "liveness-gateway-assertions").ToList();
        var mounted = secrets.SelectMany(s => s.Objects("items").Select(i => (Path: i["path"].Text(), Optional: s?["optional"]?.GetValue<bool>() == true))).ToList();

        // Key 0 signs and must exist (a missing one stops the pod with FailedMount); key 1 is the rotation slot.
        Assert.Equal([("Liveness__Assertions__SigningKeys__0", false), ("Liveness__Assertions__SigningKeys__1", true)], mounted);
        Assert.StartsWith("https://", Config(rendered)["Liveness__Assertions__Issuer"].Text(), StringComparison.Ordinal);
        var paths = rendered.OfKind("Ingress").Single()["spec"].Objects("rules").Single()["http"].Objects("paths");
        Assert.Contains(paths, p => p["path"].Text() == "/.well-known/jwks.json" && p["pathType"].Text() == "Exact"); // backends outside the cluster fetch the keys
        Assert.Equal("Production", spec.Objects("containers").Single().Objects("env").Single(e => e["name"].Text() == "ASPNETCORE_ENVIRONMENT")["value"].Text());
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Production)]
    public async Task EveryOverlay_MountsTheAbuseMonitoringSecretWhenPresent(string overlay)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(overlay);
        var spec = Gateway(rendered)["spec"]!["template"]!["spec"]!;
        var secret = Assert.Single(
            spec.Objects("volumes").Single(v => v["name"].Text() == "secrets")["projected"].Objects("sources").Select(s => s["secret"]),
            s => s?["name"].Text() == "liveness-gateway-abuse-monitoring");

        // Optional: v1.2 does not use it; with v1.3-preview.1 the gateway itself refuses to start without it.
        Assert.True(secret!["optional"]?.GetValue<bool>());
        var item = Assert.Single(secret.Objects("items"));
        Assert.Equal("Face__AbuseMonitoring__CorrelationSecret", item["key"].Text());
        Assert.Equal("Face__AbuseMonitoring__CorrelationSecret", item["path"].Text());
    }

    private static JsonObject Gateway(IReadOnlyList<JsonObject> rendered) =>
        rendered.OfKind("Deployment").Single(d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);

    private static string? Image(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"].Objects("containers").Single()["image"].Text();

    private static JsonNode Config(IReadOnlyList<JsonObject> rendered) =>
        rendered.OfKind("ConfigMap").Single()["data"]!;
}
