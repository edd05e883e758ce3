using System.Net;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Gateway.Tests.StepUp;

namespace Liveness.Gateway.Tests.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the contract app teams generate clients from, built from the routes the gateway
/// serves, equal to the committed docs/openapi.json, anonymous, only where <c>OpenApi:Enabled</c> and never on the
/// management port.
/// </summary>
public sealed class OpenApiDocumentTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>Set to 1 to rewrite docs/openapi.json from the served document instead of comparing.</summary>
    public const string UpdateVariable = "UPDATE_OPENAPI";

    private const string Path = "/openapi/v1.json";

    private static readonly Dictionary<string, string?> Enabled = new() { ["OpenApi:Enabled"] = "true" };

    [Fact]
    public async Task ServedDocument_IsTheCommittedDocsOpenApiJson()
    {
        var served = await ServedAsync(fixture.CreateGateway(Enabled));
        var file = System.IO.Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(file, served);
        }

        var committed = File.Exists(file) ? (await File.ReadAllTextAsync(file)).ReplaceLineEndings("\n") : "(missing)";
        Assert.True(
            committed == served,
            $"docs/openapi.json is not what the gateway serves at {Path}. Regenerate it and commit the result: " +
            $"{UpdateVariable}=1 dotnet test tests/Liveness.Gateway.Tests --filter \"FullyQualifiedName~{nameof(OpenApiDocumentTests)}.{nameof(ServedDocument_IsTheCommittedDocsOpenApiJson)}\"");
    }

    [Fact]
    public async Task EveryRouteOfTheRouteTable_IsInTheDocument()
    {
        using var document = JsonDocument.Parse(await ServedAsync(fixture.CreateGateway(Enabled)));
        using var settings = JsonDocument.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(RepositoryRoot(), "appsettings.json")));
        var routes = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().ToList();

        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var match = route.Value.GetProperty("Match");
            var path = match.GetProperty("Path").GetString()!.Replace("{**", "{", StringComparison.Ordinal);
            foreach (var method in match.GetProperty("Methods").EnumerateArray())
            {
                Assert.True(
                    document.RootElement.GetProperty("paths").TryGetProperty(path, out var item)
                        && item.TryGetProperty(method.GetString()!.ToLowerInvariant(), out var operation)
                        && operation.GetProperty("operationId").GetString() == route.Name,
                    $"Route '{route.Name}' ({method} {path}) is not in the OpenAPI document.");
            }
        }
    }

    [Fact]
    public async Task Document_IsOpenApi31_WithTheMinimalApiEndpointsAndTheBearerScheme()
    {
        using var document = JsonDocument.Parse(await ServedAsync(fixture.CreateGateway(Enabled)));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");

        Assert.StartsWith("3.1.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/api/liveness/sessions").TryGetProperty("get", out var list));
        Assert.True(list.TryGetProperty("security", out _));
        var assertion = paths.GetProperty("/api/liveness-with-verify/sessions/{sessionId}/assertion").GetProperty("post");
        Assert.Equal(["LivenessNotFinished", "LivenessNotPassed"], Codes(assertion, "409"));
        Assert.True(assertion.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var jwks = paths.GetProperty("/.well-known/jwks.json").GetProperty("get");
        Assert.False(jwks.TryGetProperty("security", out _));
        Assert.False(paths.TryGetProperty(Path, out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateRoutes_DescribeTheirBodies_Answers_AndProblemCodesWithRetryAfter()
    {
        using var document = JsonDocument.Parse(await ServedAsync(fixture.CreateGateway(Enabled)));
        var paths = document.RootElement.GetProperty("paths");
        var create = paths.GetProperty("/api/liveness/sessions").GetProperty("post");
        var verify = paths.GetProperty("/api/liveness-with-verify/sessions").GetProperty("post");

        Assert.Equal("#/components/schemas/CreateLivenessSessionRequest", create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/CreateLivenessWithVerifySessionRequest", verify.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("$ref").GetString());
        var created = create.GetProperty("responses").GetProperty("201");
        Assert.True(created.GetProperty("headers").TryGetProperty("Location", out _));
        var tooMany = create.GetProperty("responses").GetProperty("429");
        Assert.True(tooMany.GetProperty("headers").TryGetProperty("Retry-After", out _));
        foreach (var code in new[] { "SessionCreationLimit", "TooManyFailedChecks", "UpstreamBudget" })
        {
            Assert.Contains($"`{code}`", tooMany.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("`VerifyUploadsBusy`", verify.GetProperty("responses").GetProperty("503").GetProperty("description").GetString(), StringComparison.Ordinal);
        var retryAfter = verify.GetProperty("responses").GetProperty("503").GetProperty("headers").GetProperty("Retry-After").GetProperty("description").GetString();
        Assert.Contains("`VerifyUploadsBusy`", retryAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("`OwnershipStoreUnavailable`", retryAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("`VerifyUploadsBusy`", create.GetProperty("responses").GetProperty("503").GetProperty("description").GetString(), StringComparison.Ordinal);
        var delete = paths.GetProperty("/api/liveness/sessions/{sessionId}").GetProperty("delete");
        Assert.Contains("`SessionRecordNotRemoved`", delete.GetProperty("responses").GetProperty("503").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(delete.GetProperty("responses").TryGetProperty("429", out var deleteLimit) && deleteLimit.GetProperty("description").GetString()!.Contains("SessionReadLimit", StringComparison.Ordinal));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("LivenessWithVerifySession").GetProperty("properties").GetProperty("results").GetProperty("properties").TryGetProperty("verifyReferences", out _));
        Assert.True(schemas.GetProperty("Problem").GetProperty("properties").TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task GatedRouteOfTheRouteTable_IsDescribedWithTheStepUpChallenge()
    {
        var settings = new Dictionary<string, string?>(LivenessGatedRouteTests<GatewayFixture>.AppRoutes("http://127.0.0.1:9/")) { ["OpenApi:Enabled"] = "true" };
        using var document = JsonDocument.Parse(await ServedAsync(fixture.CreateGateway(settings)));
        var paths = document.RootElement.GetProperty("paths");

        var gated = paths.GetProperty("/api/app/recent/{rest}").GetProperty("get");
        Assert.Equal("app-recent", gated.GetProperty("operationId").GetString());
        var unauthorized = gated.GetProperty("responses").GetProperty("401");
        Assert.Contains("`LivenessRequired`", unauthorized.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("insufficient_user_authentication", unauthorized.GetProperty("headers").GetProperty("WWW-Authenticate").GetProperty("description").GetString(), StringComparison.Ordinal);
        var open = paths.GetProperty("/api/app/open/{rest}").GetProperty("post");
        Assert.DoesNotContain("LivenessRequired", open.GetProperty("responses").GetProperty("401").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing", null)]
    [InlineData("Production", null)]
    [InlineData("Development", "false")]
    public async Task Document_WhenNotEnabled_IsNotServed(string environment, string? enabled)
    {
        var settings = fixture.BaseSettings();
        settings["OpenApi:Enabled"] = enabled;
        await using var gateway = new GatewayApp(settings, environment);
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Document_InDevelopment_IsServedByDefault_TheSameDocument()
    {
        var served = await ServedAsync(new GatewayApp(fixture.BaseSettings(), "Development"));

        Assert.Equal(await File.ReadAllTextAsync(System.IO.Path.Combine(RepositoryRoot(), "docs", "openapi.json")), served);
    }

    [Fact]
    public async Task Document_OnTheManagementPort_IsNotServed()
    {
        await using var gateway = fixture.CreateGateway(Enabled).UseRealPort();
        using var client = gateway.CreateClient();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.ManagementPort}") };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(Path)).StatusCode);
    }

    /// <summary>The document as an anonymous client gets it (asserting it is served without a token).</summary>
    private static async Task<string> ServedAsync(GatewayApp gateway)
    {
        await using (gateway)
        {
            using var anonymous = gateway.CreateClient();
            var response = await anonymous.GetAsync(Path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n");
        }
    }

    private static string[] Codes(JsonElement operation, string status) =>
        [.. operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")
            .GetProperty("allOf")[1].GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(c => c.GetString()!)];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
