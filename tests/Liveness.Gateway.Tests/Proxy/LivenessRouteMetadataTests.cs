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
    public static TheoryData<string, string, SessionKind> ConfiguredRoutes => new()
    {
        { "liveness-create", "Create", SessionKind.Liveness },
        { "liveness-read", "Read", SessionKind.Liveness },
        { "liveness-delete", "Delete", SessionKind.Liveness },
        { "verify-create", "Create", SessionKind.LivenessWithVerify },
        { "verify-read", "Read", SessionKind.LivenessWithVerify },
        { "verify-delete", "Delete", SessionKind.LivenessWithVerify },
        { "session-image-read", "ReadImage", SessionKind.Liveness },
    };

    [Theory]
    [MemberData(nameof(ConfiguredRoutes))]
    public void Endpoint_ConfiguredFaceRoute_CarriesItsOperationAsTypedMetadata(string routeId, string operation, SessionKind kind)
    {
        var endpoint = ProxyEndpoints().Single(e => e.Metadata.GetMetadata<RouteModel>()!.Config.RouteId == routeId);

        var route = endpoint.Metadata.GetMetadata<LivenessRoute>();
        Assert.NotNull(route);
        Assert.Equal(operation, route.Operation.ToString());
        Assert.Equal(kind, route.Kind);
    }

    [Fact]
    public void Endpoints_EveryProxyRoute_CarriesExactlyOneOperation()
    {
        var endpoints = ProxyEndpoints();

        Assert.Equal(ConfiguredRoutes.Count, endpoints.Count);
        Assert.All(endpoints, e => Assert.Single(e.Metadata.GetOrderedMetadata<LivenessRoute>()));
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
