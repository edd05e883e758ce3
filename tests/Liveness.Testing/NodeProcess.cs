using System.Diagnostics;

namespace Liveness.Testing;

/// <summary>
/// Starts a node script of the tests (the OpenID provider, the sample web app's server) and waits until it prints
/// its <c>listening ...</c> line on stdout; a script that does not within 30 s is killed and the start fails.
/// </summary>
public static class NodeProcess
{
    /// <summary>The started process, once it listens; <paramref name="what"/> names it in the timeout's message.</summary>
    public static async Task<Process> StartListeningAsync(ProcessStartInfo startInfo, string what)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new TimeoutException($"{what} did not listen within 30 s.");
        }

        return process;
    }
}
