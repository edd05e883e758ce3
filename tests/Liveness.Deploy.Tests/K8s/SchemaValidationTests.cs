namespace Liveness.Deploy.Tests.K8s;

public sealed class SchemaValidationTests
{
    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Validate_EveryRenderedKustomization_MatchesKubernetesSchemas(string kustomization)
    {
        var yaml = await Kustomize.RenderedYamlAsync(kustomization);

        var result = await SchemaValidation.ValidateAsync(yaml);

        Assert.True(result.ExitCode == 0, $"{kustomization}:{Environment.NewLine}{result.Output}");
        Assert.Contains(" 0 invalid", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(Manifests.Parse(yaml).Count, result.StandardOutput.Split('\n').Count(l => l.StartsWith("valid ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Validate_DeploymentWithWrongTypesAndNoSelector_IsRejected()
    {
        const string Broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              replicas: three
              template:
                spec:
                  containers:
                    - name: app
                      image: app
                      ports:
                        - containerPort: http
            """;

        var result = await SchemaValidation.ValidateAsync(Broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Deployment/broken", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("selector", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("replicas must be integer", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("containerPort must be integer", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1", "Servise")] // a typo
    [InlineData("apps/v1", "Service")] // a real kind in the wrong group
    [InlineData("monitoring.coreos.com/v1", "ServiceMonitor")] // a CRD the validator has no schema for
    public async Task Validate_UnknownKind_IsRejectedNotSkipped(string apiVersion, string kind)
    {
        var yaml = $"""
            apiVersion: {apiVersion}
            kind: {kind}
            metadata:
              name: unknown
            """;

        var result = await SchemaValidation.ValidateAsync(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{kind}/unknown: unknown", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoObjects_IsRejected()
    {
        var result = await SchemaValidation.ValidateAsync("---\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no Kubernetes objects", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidService_IsAccepted()
    {
        const string Service = """
            apiVersion: v1
            kind: Service
            metadata:
              name: fine
            spec:
              ports:
                - port: 80
                  targetPort: http
            """;

        var result = await SchemaValidation.ValidateAsync(Service);

        Assert.True(result.ExitCode == 0, result.Output);
    }
}
