namespace Liveness.Deploy.Tests.K8s;

public sealed class KustomizeTests
{
    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Fact]
    public void Overlays_DevAndProduction_BothExist()
    {
        Assert.Equal([$"{Kustomize.Root}/overlays/dev", $"{Kustomize.Root}/overlays/production"], Kustomize.Overlays());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Build_EveryKustomization_ExitsZeroAndRendersObjects(string kustomization)
    {
        var result = await Kustomize.RenderAsync(kustomization);

        Assert.True(result.ExitCode == 0, $"kubectl kustomize {kustomization} exited with {result.ExitCode}:{Environment.NewLine}{result.StandardError}");
        Assert.NotEmpty(Manifests.Parse(result.StandardOutput));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Build_EveryKustomization_RendersGatewayDeploymentServiceAndPolicies(string kustomization)
    {
        var kinds = (await Kustomize.RenderedObjectsAsync(kustomization))
            .Where(m => m["metadata"]?["name"].Text() is "liveness-gateway")
            .Select(m => m["kind"].Text())
            .ToHashSet();

        Assert.Superset(
            new HashSet<string?> { "Deployment", "Service", "ServiceAccount", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress" },
            kinds);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Build_EveryKustomization_PutsEveryObjectInTheOverlayNamespace(string kustomization)
    {
        var objects = await Kustomize.RenderedObjectsAsync(kustomization);
        var namespaces = objects
            .Where(m => m["kind"].Text() != "Namespace")
            .Select(m => m["metadata"]?["namespace"].Text())
            .Distinct()
            .ToList();

        if (kustomization.EndsWith("/base", StringComparison.Ordinal))
        {
            Assert.Equal([null], namespaces); // the base leaves the namespace to the overlay
        }
        else
        {
            var single = Assert.Single(namespaces);
            Assert.NotNull(single);
            Assert.Contains(objects.OfKind("Namespace"), n => n["metadata"]?["name"].Text() == single);
        }
    }
}
