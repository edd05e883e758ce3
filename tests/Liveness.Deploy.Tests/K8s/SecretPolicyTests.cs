using System.Text.RegularExpressions;

namespace Liveness.Deploy.Tests.K8s;

public sealed class SecretPolicyTests
{
    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Rendered_EveryKustomization_CarriesNoSecretValue(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);

        Assert.Empty(SecretPolicy.Check(rendered));
    }

    [Fact]
    public void ManifestFiles_UnderDeploy_ContainNoCredentialText()
    {
        var credential = new Regex(@"password\s*=|AccountKey\s*=|SharedAccessKey\s*=|-----BEGIN|^\s*(stringData|data):", RegexOptions.IgnoreCase | RegexOptions.Multiline);
        var files = Directory.EnumerateFiles(Repository.PathOf("deploy"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".env", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(credential.IsMatch(File.ReadAllText(f)), $"{Path.GetRelativePath(Repository.Root, f)} contains secret material or an inline data section"));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task GatewaySecrets_InEveryKustomization_AreReferencedByName(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var deployment = Assert.Single(rendered.OfKind("Deployment"), d => d["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);
        var credential = Assert.Single(rendered.OfKind("ConfigMap"))["data"]?["Face__Credential"].Text();

        var projected = deployment["spec"]?["template"]?["spec"].Objects("volumes")
            .Single(v => v["name"].Text() == "secrets")["projected"].Objects("sources")
            .Select(s => $"{s["secret"]?["name"].Text()}/{s["secret"].Objects("items").Single()["key"].Text()}")
            .ToList();

        string[] assertionKeys =
        [
            "liveness-gateway-assertions/Liveness__Assertions__SigningKeys__0",
            "liveness-gateway-assertions/Liveness__Assertions__SigningKeys__1",
            "liveness-gateway-abuse-monitoring/Face__AbuseMonitoring__CorrelationSecret",
        ];
        string[] expected = credential == "EntraId"
            ? ["liveness-gateway-redis/ConnectionStrings__Redis", .. assertionKeys]
            : ["liveness-gateway-face/Face__ApiKey", "liveness-gateway-redis/ConnectionStrings__Redis", .. assertionKeys];
        Assert.Equal(expected, projected);
    }

    [Fact]
    public void Check_ManifestsWithSecretValues_AreRejected()
    {
        const string Leaky = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: leaky-config
            data:
              ConnectionStrings__Redis: cache.redis.cache.windows.net:6380,ssl=true
              Redis__Configuration: "cache:6380,password=hunter2"
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: liveness-gateway-face
            stringData:
              Face__ApiKey: not-really-a-key
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: leaky
            spec:
              selector: {}
              template:
                spec:
                  containers:
                    - name: app
                      env:
                        - name: Face__ApiKey
                          value: not-really-a-key
                        - name: Face__Endpoint
                          value: https://face.example.com
                        - name: Emulator__ApiKey
                          valueFrom:
                            secretKeyRef:
                              name: liveness-gateway-face
                              key: Face__ApiKey
            """;

        var violations = SecretPolicy.Check(Manifests.Parse(Leaky));

        Assert.Collection(
            violations,
            v => Assert.StartsWith("ConfigMap/leaky-config: ConnectionStrings__Redis is a secret", v, StringComparison.Ordinal),
            v => Assert.StartsWith("ConfigMap/leaky-config: the value of Redis__Configuration looks like a credential", v, StringComparison.Ordinal),
            v => Assert.StartsWith("Secret/liveness-gateway-face: a Secret object", v, StringComparison.Ordinal),
            v => Assert.StartsWith("Deployment/leaky container app env: Face__ApiKey is a secret", v, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Face__ApiKey", true)]
    [InlineData("Face:ApiKey", true)]
    [InlineData("ConnectionStrings__Redis", true)]
    [InlineData("ConnectionStrings:Redis", true)]
    [InlineData("Emulator__ApiKey", true)]
    [InlineData("Liveness__Assertions__SigningKeys__0", true)]
    [InlineData("Liveness:Assertions:SigningKeys:1", true)]
    [InlineData("Liveness__Assertions__Issuer", false)]
    [InlineData("Face__Endpoint", false)]
    [InlineData("Sessions__AuthTokenTimeToLiveInSeconds", false)]
    [InlineData("KeyPerFile__Paths__1", false)]
    public void IsSecretKey_ClassifiesConfigurationKeys(string key, bool isSecret)
    {
        Assert.Equal(isSecret, SecretPolicy.IsSecretKey(key));
    }
}
