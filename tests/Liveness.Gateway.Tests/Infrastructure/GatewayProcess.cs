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
}
