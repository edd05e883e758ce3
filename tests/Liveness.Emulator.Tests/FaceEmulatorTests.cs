using System.Net;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Liveness.Emulator.Tests;

public sealed class FaceEmulatorTests
{
    [Fact]
    public void Create_NoApiKey_RefusesWithOneClearLine()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => FaceEmulator.Create([], static builder => builder.Configuration["Emulator:ApiKey"] = ""));

        Assert.StartsWith("Emulator:ApiKey is not set", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public async Task Create_OptionsSetInCode_Starts()
    {
        await using var emulator = await EmulatorHost.StartAsync(static builder =>
            builder.Services.Configure<EmulatorOptions>(static options => options.Region = "North Europe"));
        using var face = emulator.CreateFaceClient();

        using var response = await face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("North Europe", response.Headers.GetValues("x-ms-region").Single());
    }
}
