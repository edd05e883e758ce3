using System.Diagnostics;
using System.Globalization;

namespace Liveness.Testing;

/// <summary>
/// A real Redis Cluster on loopback, owned by the test run: <see cref="NodeCount"/> masters
/// (<c>redis-server --cluster-enabled yes</c>, no replicas, no persistence) on free ports, in a temporary
/// directory, joined with <c>redis-cli --cluster create</c>, the 16384 slots spread over them. It is the
/// shape of Azure Managed Redis, ElastiCache in cluster mode and Redis Enterprise: a multi-key command or
/// transaction over keys of different hash slots fails with <c>CROSSSLOT</c>. Disposing it stops every node
/// and deletes the directory.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    public const int NodeCount = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly List<Process> _processes = [];

    private RedisCluster(string directory, IReadOnlyList<int> ports)
    {
        _directory = directory;
        Ports = ports;
    }

    /// <summary>The nodes' client ports on 127.0.0.1.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>StackExchange.Redis connection string naming every node (it discovers the slot map from them).</summary>
    public string ConnectionString =>
        string.Join(',', Ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{p}"))) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    /// <summary>
    /// Starts the nodes, creates the cluster and waits until every node reports <c>cluster_state:ok</c>. A free
    /// port can be taken by other loopback traffic before a node binds it (many fixtures start at once): a node
    /// that exits at startup is retried on new ports, up to <see cref="StartAttempts"/> times.
    /// </summary>
    public static async Task<RedisCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(cancellationToken);
            }
            catch (NodeExitedException) when (attempt < StartAttempts)
            {
                // Another process took a port between FreePort and redis-server's bind: new ports.
            }
        }
    }

    private const int StartAttempts = 3;

    private static async Task<RedisCluster> StartOnceAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("liveness-redis-cluster-").FullName;
        var ports = Enumerable.Range(0, NodeCount).Select(_ => FreePort.Next()).Distinct().ToList();
        while (ports.Count < NodeCount)
        {
            ports = [.. ports.Append(FreePort.Next()).Distinct()];
        }

        var cluster = new RedisCluster(directory, ports);
        try
        {
            await cluster.StartNodesAsync(cancellationToken);
            await RedisCli.RunAsync(
                ["--cluster", "create", .. ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{p}")), "--cluster-replicas", "0", "--cluster-yes"],
                cancellationToken);
            await cluster.WaitUntilReadyAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command on one node (no redirection: the answer is that node's), e.g. <c>CLUSTER INFO</c>.</summary>
    public Task<string> CommandAsync(int port, params string[] args) =>
        Ports.Contains(port) ? RedisCli.CommandAsync(port, args) : throw new ArgumentOutOfRangeException(nameof(port), port, "Not a node of this cluster.");

    /// <summary>Runs one command on the node that serves its key's slot (<c>redis-cli -c</c> follows the redirection), e.g. <c>EXISTS key</c>.</summary>
    public Task<string> KeyCommandAsync(params string[] args) =>
        RedisCli.RunAsync(["-c", "-h", "127.0.0.1", "-p", Ports[0].ToString(CultureInfo.InvariantCulture), .. args]);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // It was never started, or has gone already.
            }

            process.Dispose();
        }

        _processes.Clear();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is no failure.
        }
    }

    private async Task StartNodesAsync(CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            var text = port.ToString(CultureInfo.InvariantCulture);
            var startInfo = new ProcessStartInfo(RedisCli.FindExecutable("redis-server"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _directory,
            };

            // The cluster bus port is chosen too: the default (port + 10000) can fall outside the port range.
            foreach (var arg in new[]
            {
                "--port", text, "--bind", "127.0.0.1", "--protected-mode", "yes",
                "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{text}.conf",
                "--cluster-port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--cluster-node-timeout", "5000",
                "--dir", _directory, "--save", "", "--appendonly", "no", "--loglevel", "warning",
            })
            {
                startInfo.ArgumentList.Add(arg);
            }

            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-server did not start.");
            _processes.Add(process);
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        foreach (var (port, process) in Ports.Zip(_processes))
        {
            await WaitAsync($"redis-server on port {port} to answer PING", async () =>
            {
                if (process.HasExited)
                {
                    throw new NodeExitedException($"redis-server exited with code {process.ExitCode} on port {port}.");
                }

                return await TryCommandAsync(port, "PING") is { } pong && pong.StartsWith("PONG", StringComparison.Ordinal);
            }, cancellationToken);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            await WaitAsync($"node {port} to report cluster_state:ok", async () =>
                await TryCommandAsync(port, "CLUSTER", "INFO") is { } info && info.Contains("cluster_state:ok", StringComparison.Ordinal), cancellationToken);
        }
    }

    private static async Task<string?> TryCommandAsync(int port, params string[] args)
    {
        try
        {
            return await RedisCli.CommandAsync(port, args);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, cancellationToken); // a real process starting: nothing to fake
        }

        throw new TimeoutException($"Timed out after {StartTimeout.TotalSeconds} s waiting for {what}.");
    }

    /// <summary>A node ended at startup (typically its port was taken meanwhile).</summary>
    private sealed class NodeExitedException(string message) : InvalidOperationException(message);
}
