using Liveness.Gateway.Proxy;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Model;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>
/// Each Face route's operation, named by strings in the route table, reaches the pipeline as typed
/// endpoint metadata parsed once when the configuration is loaded; a value the gateway does not know
/// stops startup with a line naming the route and the key.
/// </summary>
public sealed class LivenessRouteMetadataTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string, SessionKind, string> ConfiguredRoutes => new()
    {
        { "liveness-create", "Create", SessionKind.Liveness, "CreateLivenessSession" },
        { "liveness-read", "Read", SessionKind.Liveness, "ReadSession" },
        { "liveness-delete", "Delete", SessionKind.Liveness, "DeleteSession" },
        { "verify-create", "Create", SessionKind.LivenessWithVerify, "CreateLivenessWithVerifySession" },
        { "verify-read", "Read", SessionKind.LivenessWithVerify, "ReadSession" },
        { "verify-delete", "Delete", SessionKind.LivenessWithVerify, "DeleteSession" },
        { "session-image-read", "ReadImage", SessionKind.Liveness, "ReadSessionImage" },
        { "session-image-detect", "DetectFromSessionImage", SessionKind.Liveness, "DetectFromSessionImage" },
    };

    [Theory]
    [MemberData(nameof(ConfiguredRoutes))]
    public void Endpoint_ConfiguredFaceRoute_CarriesItsOperationAndItsPerformerAsTypedMetadata(string routeId, string operation, SessionKind kind, string performedBy)
    {
        var endpoint = ProxyEndpoints().Single(e => e.Metadata.GetMetadata<RouteModel>()!.Config.RouteId == routeId);

        var route = endpoint.Metadata.GetMetadata<LivenessRoute>();
        Assert.NotNull(route);
        Assert.Equal(operation, route.Operation.ToString());
        Assert.Equal(kind, route.Kind);
        Assert.Equal(performedBy, endpoint.Metadata.GetMetadata<FaceOperation>()?.GetType().Name);
    }

    [Fact]
    public void Endpoints_EveryProxyRoute_CarriesExactlyOneOperationAndPerformer()
    {
        var endpoints = ProxyEndpoints();

        Assert.Equal(ConfiguredRoutes.Count, endpoints.Count);
        Assert.All(endpoints, e => Assert.Single(e.Metadata.GetOrderedMetadata<LivenessRoute>()));
        Assert.All(endpoints, e => Assert.Single(e.Metadata.GetOrderedMetadata<FaceOperation>()));
    }

    [Theory]
    [InlineData("ReverseProxy:Routes:liveness-read:Metadata:Liveness.Operation", "Fetch", "Liveness.Operation")]
    [InlineData("ReverseProxy:Routes:verify-create:Metadata:Liveness.SessionKind", "verify", "Liveness.SessionKind")]
    public async Task Start_UnknownRouteMetadataValue_FailsNamingRouteAndKey(string key, string value, string expected)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(gateway.StartServer);

        Assert.NotNull(failure);
        var messages = Messages(failure).ToList();
        var routeId = key.Split(':')[2];
        Assert.Contains(messages, m => m.Contains($"Route '{routeId}'", StringComparison.Ordinal) && m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddFaceOperation_NewOperationAndItsRoute_PerformsTheRoute_NothingElseToChange()
    {
        const string Route = "ReverseProxy:Routes:liveness-probe";
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                [$"{Route}:ClusterId"] = "face",
                [$"{Route}:AuthorizationPolicy"] = "LivenessUser",
                [$"{Route}:Match:Path"] = "/api/liveness/probe/{sessionId}",
                [$"{Route}:Match:Methods:0"] = "GET",
                [$"{Route}:Metadata:Liveness.Operation"] = ProbeOperation.OperationName,
                [$"{Route}:Metadata:Liveness.SessionKind"] = "liveness",
                [$"{Route}:Transforms:0:PathPattern"] = "/detectLiveness-sessions/{sessionId}",
            },
            services => services.AddFaceOperation<ProbeOperation>());
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count;

        var response = await client.GetAsync($"/api/liveness/probe/{Guid.NewGuid()}");

        await response.AssertProblemAsync(System.Net.HttpStatusCode.Conflict, "ProbeRefused");
        Assert.Equal(before, (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count);
    }

    [Fact]
    public void FaceOperations_TwoOperationsOfOneNameForOneKind_RefusedAtStartup()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new FaceOperations([new ProbeOperation(), new ProbeOperation()]));

        Assert.Contains("'Probe'", failure.Message, StringComparison.Ordinal);
    }

    private List<Endpoint> ProxyEndpoints()
    {
        _ = fixture.Gateway.Server; // the endpoints exist once the app is built
        return [.. fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.Where(e => e.Metadata.GetMetadata<RouteModel>() is not null)];
    }

    private static IEnumerable<string> Messages(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current.Message;
            if (current is AggregateException aggregate)
            {
                foreach (var message in aggregate.InnerExceptions.SelectMany(Messages))
                {
                    yield return message;
                }
            }
        }
    }
}

/// <summary>An operation the gateway does not have, registered by a test: it refuses every request before Face.</summary>
internal sealed class ProbeOperation : FaceOperation
{
    public const string OperationName = "Probe";

    public override string Name => OperationName;

    public override Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature) =>
        Task.FromResult<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?>(TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["code"] = "ProbeRefused" }));

    public override FaceOperationContract Describe(Liveness.Policies.Sessions.SessionKind kind) =>
        new("Refuses every request.", StatusCodes.Status204NoContent, "Never answered.");

    public override Task CompleteAsync(Yarp.ReverseProxy.Transforms.ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature) =>
        throw new InvalidOperationException("The probe never reaches Face.");
}
