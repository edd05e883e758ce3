using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The kustomizations of deploy/k8s (the base and every overlay), rendered once per test run with
/// <c>kubectl kustomize</c>.
/// </summary>
internal static class Kustomize
{
    public const string Root = "deploy/k8s";

    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessResult>>> s_renders = new();

    /// <summary>The base and every directory under overlays/, relative to the repository root.</summary>
    public static IReadOnlyList<string> Kustomizations()
    {
        var overlays = Directory.GetDirectories(Repository.PathOf($"{Root}/overlays"))
            .Where(d => File.Exists(Path.Combine(d, "kustomization.yaml")))
            .Select(d => $"{Root}/overlays/{Path.GetFileName(d)}")
            .Order(StringComparer.Ordinal);
        return [$"{Root}/base", .. overlays];
    }

    /// <summary>The overlays only: what an operator applies.</summary>
    public static IReadOnlyList<string> Overlays() =>
        [.. Kustomizations().Where(k => k.StartsWith($"{Root}/overlays/", StringComparison.Ordinal))];

    public static Task<ProcessResult> RenderAsync(string kustomization) =>
        s_renders.GetOrAdd(kustomization, k => new Lazy<Task<ProcessResult>>(() => ExternalProcess.RunAsync(
            "kubectl",
            ["kustomize", Repository.PathOf(k)],
            Repository.Root,
            timeout: TimeSpan.FromMinutes(1)))).Value;

    /// <summary>The rendered YAML; fails the calling test with kubectl's message if the build fails.</summary>
    public static async Task<string> RenderedYamlAsync(string kustomization)
    {
        var result = await RenderAsync(kustomization);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {kustomization} exited with {result.ExitCode}:{Environment.NewLine}{result.StandardError}");
        return result.StandardOutput;
    }

    public static async Task<IReadOnlyList<JsonObject>> RenderedObjectsAsync(string kustomization) =>
        Manifests.Parse(await RenderedYamlAsync(kustomization));

    public static TheoryData<string> KustomizationData() => [.. Kustomizations()];

    public static TheoryData<string> OverlayData() => [.. Overlays()];
}
