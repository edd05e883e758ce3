using System.Diagnostics;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>The gateway as its own process (the build in the test output), as a platform team runs it.</summary>
public static class GatewayProcess
{
    /// <summary>
    /// Starts <c>dotnet Liveness.Gateway.dll</c> with standard output and error redirected and
    /// <paramref name="environment"/> set. Face and Redis settings inherited from the machine are removed
    /// first, so only what the test gives counts.
    /// </summary>
    public static Process Start(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Liveness.Gateway.dll"));
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Face__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the gateway until it exits on its own (within 60 s): its exit code, standard output and error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        using var process = Start(environment);
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
