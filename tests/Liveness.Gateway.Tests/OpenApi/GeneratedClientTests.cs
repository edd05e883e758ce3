using System.Diagnostics;

namespace Liveness.Gateway.Tests.OpenApi;

/// <summary>
/// A typed TypeScript client generated from the committed contract (docs/openapi.json) by a standard generator
/// (openapi-typescript, with openapi-fetch) compiles a web app's flow written against it: create, read, assertion,
/// delete, list (tests/client/flow.ts). The flow stops compiling when the contract loses what it relies on.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task GeneratedTypeScriptClient_FromTheCommittedContract_CompilesTheAppFlow()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException("tests/client/node_modules is missing: run ./test.sh (it installs the generator with npm ci).");
        }

        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("check");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"npm run check failed ({process.ExitCode}):\n{await output}\n{await error}");
        Assert.True(File.Exists(Path.Combine(folder, "generated", "gateway.d.ts")));
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
