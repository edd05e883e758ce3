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
