namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// Runs tests/deploy/validate-manifests.mjs: every object against the Kubernetes schema of its
/// kind, from the npm package kubernetes-models, offline.
/// </summary>
internal static class SchemaValidation
{
    public const string Directory = "tests/deploy";

    public static async Task<ProcessResult> ValidateAsync(string yaml)
    {
        var modules = Repository.PathOf($"{Directory}/node_modules/kubernetes-models");
        Assert.True(
            System.IO.Directory.Exists(modules),
            $"{Directory}/node_modules is missing: run ./test.sh (it runs `npm ci` in {Directory}) before these tests.");

        return await ExternalProcess.RunAsync(
            "node",
            ["validate-manifests.mjs"],
            Repository.PathOf(Directory),
            standardInput: yaml,
            timeout: TimeSpan.FromMinutes(1));
    }
}
