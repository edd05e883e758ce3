using System.ComponentModel;
using System.Diagnostics;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Contract;

/// <summary>
/// Runs <c>tests/contract/face-contract.mjs</c>: Microsoft's own REST client for Face
/// (<c>@azure-rest/ai-vision-face</c> 1.0.0-beta.3, installed by <c>./test.sh</c> with <c>npm ci</c>)
/// creates, reads and deletes both session kinds against the emulator. A disagreement is an emulator bug.
/// </summary>
public sealed class OfficialJsClientTests : EmulatorTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task OfficialClient_CreateGetDeleteBothSessionKinds_AgreesWithEmulator()
    {
        var contractDirectory = Path.Combine(FindRepositoryRoot(), "tests", "contract");
        if (!File.Exists(Path.Combine(contractDirectory, "node_modules", "@azure-rest", "ai-vision-face", "package.json")))
        {
            Assert.Fail("tests/contract/node_modules is missing: run ./test.sh (it installs the official Face client with npm ci).");
        }

        var (exitCode, output) = await RunNodeAsync(contractDirectory, "face-contract.mjs", new Dictionary<string, string>
        {
            ["FACE_ENDPOINT"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
            ["FACE_APIKEY"] = Emulator.ApiKey,
        });

        Assert.True(exitCode == 0, $"face-contract.mjs exited with {exitCode}:\n{output}");
        var calls = await Emulator.Control.GetCallsAsync();
        Assert.All(
            new[]
            {
                EmulatorOperations.CreateLivenessSession,
                EmulatorOperations.GetLivenessSessionResult,
                EmulatorOperations.DeleteLivenessSession,
                EmulatorOperations.CreateLivenessWithVerifySession,
                EmulatorOperations.GetLivenessWithVerifySessionResult,
                EmulatorOperations.DeleteLivenessWithVerifySession,
                EmulatorOperations.GetSessionImage,
            },
            operation => Assert.True(calls.Count(operation) > 0, $"The official client never called {operation}."));
        var verifyCreate = calls.Requests.Single(static r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.StartsWith("azsdk-js-ai-vision-face-rest/1.0.0-beta.3", verifyCreate.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("verifyImage", Assert.Single(verifyCreate.Files!).Name);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string workingDirectory, string script, IDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"node could not be started ({exception.Message}): run ./test.sh, which installs Node.js and the contract test's packages.");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"face-contract.mjs did not finish within {Timeout.TotalSeconds} s.");
            }

            return (process.ExitCode, $"--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Gateway.sln not found above {AppContext.BaseDirectory}.");
    }
}
