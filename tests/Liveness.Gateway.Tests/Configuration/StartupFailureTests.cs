using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Configuration;

/// <summary>The gateway as its own process: a missing setting ends startup with one line and exit code 1.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Run_ProductionWithoutRedis_ExitsWithOneLineNamingSetting()
    {
        var (exitCode, output, error) = await RunGatewayAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:Redis", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingFaceSettings_ExitsWithOneLineNamingThem()
    {
        var (exitCode, _, error) = await RunGatewayAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Redis"] = "127.0.0.1:1,abortConnect=false",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Face:Endpoint", line, StringComparison.Ordinal);
        Assert.Contains("Face:ApiKey", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authority")]
    [InlineData("MetadataAddress")]
    public async Task Run_HttpIdentityProviderOutsideDevelopment_ExitsWithOneLineNamingSetting(string setting)
    {
        var (exitCode, output, error) = await RunGatewayAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Redis"] = "127.0.0.1:1,abortConnect=false",
            ["Face__Endpoint"] = "https://face.example.test",
            ["Face__ApiKey"] = "not-a-real-key",
            [$"Authentication__Schemes__Bearer__{setting}"] = "http://idp.example.test/realms/app",
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = "liveness-gateway",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains($"Authentication:Schemes:Bearer:{setting}", line, StringComparison.Ordinal);
        Assert.Contains("https://", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunGatewayAsync(IDictionary<string, string> environment)
    {
        using var process = GatewayProcess.Start(environment!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error);
    }
}
