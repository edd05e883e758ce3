using Liveness.Gateway.Face;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Tests.Face;

/// <summary><see cref="FaceExtensions.AddFace"/> stands on its own: the one Face HTTP pipeline gets everything it needs from it.</summary>
public sealed class FaceExtensionsTests
{
    [Fact]
    public async Task AddFace_Alone_BuildsThePipelineForTheGatewaysOwnCallsAndForTheForwarder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" }); // the Face budget in memory: no Redis needed
        builder.Configuration["Face:Endpoint"] = "https://face.example.test";
        builder.Configuration["Face:ApiKey"] = "a-key-for-this-test-only";
        builder.AddFace();

        await using var app = builder.Build();

        // Budget, resilience pipelines and metrics all come with AddFace: nothing else was registered.
        Assert.NotNull(app.Services.GetRequiredService<FaceSessionClient>());
        using var forwarder = app.Services.GetRequiredService<IForwarderHttpClientFactory>().CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "face",
            NewConfig = HttpClientConfig.Empty,
        });
        Assert.NotNull(forwarder);
        Assert.NotEmpty(app.Services.GetRequiredService<FaceHttpPipeline>().ForGatewayCalls());
    }
}
