using System.Diagnostics;
using System.Globalization;

namespace Liveness.Testing;

/// <summary>Runs Debian's <c>redis-cli</c> (and finds <c>redis-server</c>) for the Redis fixtures.</summary>
public static class RedisCli
{
    /// <summary>Runs <c>redis-cli -h 127.0.0.1 -p <paramref name="port"/> <paramref name="args"/></c> and returns its output; throws when it fails or prints an error.</summary>
    public static Task<string> CommandAsync(int port, params string[] args) =>
        RunAsync(["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. args]);

    /// <summary>Runs <c>redis-cli <paramref name="args"/></c> and returns its standard output; throws when it exits with an error.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(FindExecutable("redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output;
        if (process.ExitCode != 0 || text.StartsWith("(error)", StringComparison.Ordinal) || text.StartsWith("ERR", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', startInfo.ArgumentList)} failed ({process.ExitCode}): {text}{await error}");
        }

        return text;
    }

    /// <summary>The path of <paramref name="name"/> (<c>redis-server</c>, <c>redis-cli</c>) from Debian's package.</summary>
    public static string FindExecutable(string name)
    {
        foreach (var directory in new[] { "/usr/bin", "/usr/local/bin" })
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} is not installed: run ./test.sh, which installs it with apt.");
    }
}
