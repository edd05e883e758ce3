using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>
/// The gateway as its own process, as a platform team runs it: log lines reach standard output whole, in the
/// configured console format, in order, and none is lost when the gateway is stopped with SIGTERM.
/// </summary>
public sealed class ConsoleLoggingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Requests = 300;

    [Fact]
    public async Task Run_SimpleFormat_EveryAuditLineOnStdout_AfterSigterm()
    {
        var output = await RunAndStopAsync(new Dictionary<string, string>());

        var lines = output.Split('\n');
        Assert.Equal(Requests, lines.Count(l => l.StartsWith("warn: Liveness.Gateway.Audit[6004]", StringComparison.Ordinal)));
        Assert.Equal(Requests, lines.Count(l => l.Contains("Audit: access denied (missing_token)", StringComparison.Ordinal)));
        Assert.Contains("Application is shutting down...", output, StringComparison.Ordinal); // logged after SIGTERM, written before exit
    }

    [Fact]
    public async Task Run_JsonFormat_EveryLineIsOneJsonObject()
    {
        var output = await RunAndStopAsync(new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" });

        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Requests, events.Count(e => e.GetProperty("EventId").GetInt32() == 6004 && e.GetProperty("Category").GetString() == "Liveness.Gateway.Audit"));
    }

    private async Task<string> RunAndStopAsync(IDictionary<string, string> extra)
    {
        var port = FreePort.Next();
        var environment = fixture.BaseSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["Management__Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Shutdown__ReadinessDelay"] = "00:00:00";
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        using var process = GatewayProcess.Start(environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServingAsync(client, process);
            await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}", cancellationToken)).StatusCode));

            using var sigterm = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await error}");
        return await output;
    }

    private static async Task WaitUntilServingAsync(HttpClient client, Process process)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(process.HasExited, "the gateway exited during startup");
            try
            {
                if ((await client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100); // a real process starting, not a clock
        }

        Assert.Fail("the gateway did not start within 30 s");
    }
}
