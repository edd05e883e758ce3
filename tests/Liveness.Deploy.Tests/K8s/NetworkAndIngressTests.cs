using System.Text.Json.Nodes;

namespace Liveness.Deploy.Tests.K8s;

public sealed class NetworkAndIngressTests
{
    public static TheoryData<string> Kustomizations => Kustomize.KustomizationData();

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task GatewayNetworkPolicy_InEveryKustomization_AdmitsOnlyWhatTheGatewayNeeds(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var policy = Assert.Single(rendered.OfKind("NetworkPolicy"), p => p["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);

        Assert.Empty(NetworkPolicyRules.Check(policy));
        Assert.Equal(
            ["ingress-nginx:8080/TCP", "monitoring:8081/TCP"],
            policy["spec"].Objects("ingress").Select(r =>
                $"{r.Objects("from").Single()["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"].Text()}:{r.Objects("ports").Single()["port"].Text()}/{r.Objects("ports").Single()["protocol"].Text()}"));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task EveryPodOwner_InEveryKustomization_IsSelectedByANetworkPolicy(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var selected = rendered.OfKind("NetworkPolicy").Select(p => p["spec"]?["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"].Text()).ToHashSet();

        Assert.All(rendered.OfKind("Deployment"), d => Assert.Contains(d["spec"]?["selector"]?["matchLabels"]?["app.kubernetes.io/name"].Text(), selected));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Ingress_InEveryKustomization_ServesOnlyTheApiOverTls(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var ingress = Assert.Single(rendered.OfKind("Ingress"));

        Assert.Empty(IngressPolicy.Check(ingress));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Service_InEveryKustomization_MapsPort80ToTheApiAndNamesTheMetricsPort(string kustomization)
    {
        var rendered = await Kustomize.RenderedObjectsAsync(kustomization);
        var service = Assert.Single(rendered.OfKind("Service"), s => s["metadata"]?["name"].Text() == DeploymentPolicy.GatewayName);

        Assert.Equal(
            ["http:80->http", "metrics:8081->metrics"],
            service["spec"].Objects("ports").Select(p => $"{p["name"].Text()}:{p["port"].Text()}->{p["targetPort"].Text()}"));
        Assert.Equal("ClusterIP", service["spec"]?["type"].Text());
    }

    [Fact]
    public void Check_OpenNetworkPolicy_IsRejected()
    {
        const string Open = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: liveness-gateway
            spec:
              podSelector:
                matchLabels:
                  app.kubernetes.io/name: liveness-gateway
              policyTypes:
                - Ingress
              ingress:
                - {}
                - from:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: ingress-nginx
                  ports:
                    - port: 8080
                    - port: 8081
              egress:
                - {}
                - ports:
                    - port: 5432
            """;

        var violations = string.Join(Environment.NewLine, NetworkPolicyRules.Check(Assert.Single(Manifests.Parse(Open))));

        Assert.Contains("policyTypes must be Ingress and Egress", violations, StringComparison.Ordinal);
        Assert.Contains("every ingress rule must admit only named namespaces", violations, StringComparison.Ordinal);
        Assert.Contains("ingress must be limited to ports 8080 and 8081 (is every port)", violations, StringComparison.Ordinal);
        Assert.Contains("the API port and the metrics port must be admitted from different namespaces", violations, StringComparison.Ordinal);
        Assert.Contains("an egress rule without ports allows every port", violations, StringComparison.Ordinal);
        Assert.Contains("egress to 5432/TCP is not DNS, Redis or HTTPS", violations, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IngressToMetricsWithoutTls_IsRejected()
    {
        const string Exposed = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: liveness-gateway
            spec:
              rules:
                - host: liveness.example.com
                  http:
                    paths:
                      - path: /metrics
                        pathType: Prefix
                        backend:
                          service:
                            name: liveness-gateway
                            port:
                              name: metrics
            """;

        var violations = string.Join(Environment.NewLine, IngressPolicy.Check(Assert.Single(Manifests.Parse(Exposed))));

        Assert.Contains("host liveness.example.com is not covered by a tls entry", violations, StringComparison.Ordinal);
        Assert.Contains("path /metrics must lead to liveness-gateway:http", violations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BaseNetworkPolicyWithEgressToAnyPort_IsRejected()
    {
        var rendered = await Kustomize.RenderedObjectsAsync($"{Kustomize.Root}/base");
        var policy = Assert.Single(rendered.OfKind("NetworkPolicy")).DeepClone().AsObject();
        Assert.Empty(NetworkPolicyRules.Check(policy));

        policy["spec"]!["egress"]!.AsArray().Add(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0" } }) });

        Assert.Contains(NetworkPolicyRules.Check(policy), v => v.Contains("egress rule without ports", StringComparison.Ordinal));
    }
}
