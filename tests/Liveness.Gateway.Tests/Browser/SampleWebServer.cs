using System.Diagnostics;
using System.Globalization;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Browser;

/// <summary>
/// The sample web app (samples/web) on its own origin: its static server (<c>node server.mjs</c>) on a loopback port,
/// configured for a gateway, an OpenID provider and a liveness UI module. The app is built once per test run
/// (<c>npm run build</c>: the client generated from docs/openapi.json, then tsc), so the browser runs what is committed.
/// </summary>
public sealed class SampleWebServer : IAsyncDisposable
{
    private static readonly Lazy<Task> Build = new(BuildAsync);

    private readonly Process _process;

    private SampleWebServer(Process process, int port)
    {
        _process = process;
        Origin = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
    }

    /// <summary>The app's origin, e.g. <c>http://127.0.0.1:41234</c> (its page is <c>Origin + "/"</c>).</summary>
    public string Origin { get; }

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "samples", "web");

    /// <summary>Starts the app's server on <paramref name="port"/> with <paramref name="settings"/> (server.mjs's environment variables).</summary>
    public static async Task<SampleWebServer> StartAsync(int port, IReadOnlyDictionary<string, string> settings)
    {
        await Build.Value;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = await NodeProcess.StartListeningAsync(start, $"samples/web/server.mjs on port {port}");

        return new SampleWebServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task BuildAsync()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
        {
            throw new InvalidOperationException("samples/web/node_modules is missing: run ./test.sh (it installs the sample's packages with npm ci).");
        }

        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("build");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm run build in samples/web failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
    }
}
