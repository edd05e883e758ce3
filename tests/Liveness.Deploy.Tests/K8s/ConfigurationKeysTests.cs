using System.Reflection;
using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

public sealed class ConfigurationKeysTests
{
    /// <summary>
    /// Keys the deployment sets ahead of the gateway code that binds them, each with the feature that
    /// introduces it. An
    /// entry here is a promise, not a binding: once the gateway binds the key, its entry is dead and
    /// is removed, so the test compares the manifests with the gateway alone again.
    /// </summary>
    private static readonly Dictionary<string, string> s_announced = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Management:Port"] = "management port",
        ["Shutdown:DrainTimeout"] = "shutdown drain",
    };

    private static readonly Lazy<BoundConfigurationKeys> s_bound = new(() =>
        BoundConfigurationKeys.Read(typeof(Program).Assembly, Assembly.Load("Liveness.Policies")));

    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task ManifestKeys_InEveryKustomization_AreKeysTheGatewayBinds(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);

        var (keys, problems) = ManifestConfigurationKeys.OfGateway(rendered);
        var unbound = keys.Where(k => !s_bound.Value.Binds(k.Key) && !s_announced.ContainsKey(k.Key)).Select(k => $"{k.Key} ({k.Source})");

        Assert.Empty(problems);
        Assert.NotEmpty(keys);
        Assert.True(!unbound.Any(), $"Keys the gateway does not bind:{Environment.NewLine}{string.Join(Environment.NewLine, unbound)}{Environment.NewLine}Bound:{Environment.NewLine}{string.Join(Environment.NewLine, s_bound.Value.Patterns)}");
    }

    [Fact]
    public void BoundKeys_ReadFromTheGatewayAssemblies_IncludeTheOptionsSectionsAndFrameworkKeys()
    {
        var bound = s_bound.Value;

        Assert.Contains(bound.Sections, s => s.StartsWith("Face ", StringComparison.Ordinal));
        Assert.Contains(bound.Sections, s => s.StartsWith("ConnectionStrings ", StringComparison.Ordinal));
        foreach (var key in new[]
        {
            "Face:Endpoint", "Face:ApiVersion", "Face:Credential", "Face:ApiKey", "ConnectionStrings:Redis", "Cors:AllowedOrigins:0",
            "Sessions:AuthTokenTimeToLiveInSeconds", "Sessions:EnableSessionImage", "KeyPerFile:Paths:1",
            "Authentication:Schemes:Bearer:Authority", "Management:Port", "Management:Host", "Authentication:Schemes:Bearer:ValidAudiences:0", "face:endpoint",
        })
        {
            Assert.True(bound.Binds(key), $"{key} should be bound; bound: {string.Join(", ", bound.Patterns)}");
        }
    }

    [Theory]
    [InlineData("Face:Endpiont")] // a typo
    [InlineData("Face:Endpoint:0")] // a scalar is not a list
    [InlineData("Cors:AllowedOrigins")] // a list needs an index
    [InlineData("Cors:AllowedOrigins:first")]
    [InlineData("Redis:ConnectionString")] // the section is ConnectionStrings:Redis
    [InlineData("Emulator:ApiKey")] // the Debug-only emulator is not in the Release gateway
    public void BoundKeys_KeysTheGatewayDoesNotRead_AreNotBound(string key)
    {
        Assert.False(s_bound.Value.Binds(key));
    }

    [Fact]
    public async Task ManifestKeys_WithATypoInEachPlace_AreAllReported()
    {
        var rendered = (await Kustomize.RenderedObjectsAsync($"{Kustomize.Root}/base")).Select(o => o.DeepClone().AsObject()).ToList();
        var deployment = rendered.OfKind("Deployment").Single();
        var container = deployment["spec"]!["template"]!["spec"].Objects("containers").Single();
        container["env"]!.AsArray().Add(new JsonObject { ["name"] = "Face__Endpiont", ["value"] = "https://face.example.com" });
        rendered.OfKind("ConfigMap").Single()["data"]!["Sessions__AuthTokenTTL"] = "600";
        deployment["spec"]!["template"]!["spec"].Objects("volumes").Single(v => v["name"].Text() == "secrets")["projected"]
            .Objects("sources").First()["secret"]!["items"]![0]!["path"] = "Face__Key";

        var (keys, _) = ManifestConfigurationKeys.OfGateway(rendered);
        var unbound = keys.Where(k => !s_bound.Value.Binds(k.Key) && !s_announced.ContainsKey(k.Key)).Select(k => k.Key);

        Assert.Equal(["Face:Endpiont", "Sessions:AuthTokenTTL", "Face:Key"], unbound);
    }

    [Fact]
    public async Task ManifestKeys_SecretWithoutListedKeysOrEnvFrom_AreReportedAsUnknowable()
    {
        var rendered = (await Kustomize.RenderedObjectsAsync($"{Kustomize.Root}/base")).Select(o => o.DeepClone().AsObject()).ToList();
        var deployment = rendered.OfKind("Deployment").Single();
        var container = deployment["spec"]!["template"]!["spec"].Objects("containers").Single();
        container["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "everything" } });
        deployment["spec"]!["template"]!["spec"].Objects("volumes").Single(v => v["name"].Text() == "secrets")["projected"]
            .Objects("sources").First()["secret"]!.AsObject().Remove("items");

        var (_, problems) = ManifestConfigurationKeys.OfGateway(rendered);

        Assert.Contains(problems, p => p.StartsWith("envFrom hides", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Secret liveness-gateway-face in /etc/liveness-gateway/secrets: its keys are not in the manifests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnnouncedKeys_AreEachStillSetByTheManifests()
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var kustomization in Kustomize.Kustomizations())
        {
            used.UnionWith(ManifestConfigurationKeys.OfGateway(await Kustomize.RenderedObjectsAsync(kustomization)).Keys.Select(k => k.Key));
        }

        // An announced key no manifest sets any more is a stale allowance: remove it.
        var stale = s_announced.Keys.Except(used, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(stale.Count == 0, $"Announced but set by no manifest: {string.Join(", ", stale)}");
    }
}
