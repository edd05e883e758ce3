using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Liveness.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with no persistence, owned by the test run.
/// It can be stopped and started again on the same port to test outages.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new RedisServer(FreePort.Next());
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the server (again) on its port, empty.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var startInfo = new ProcessStartInfo(RedisCli.FindExecutable("redis-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} on port {Port}.");
            }

            if (await PingAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"redis-server did not answer PING on port {Port} within 10 s.");
    }

    /// <summary>Kills the server at once, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Runs one command through <c>redis-cli</c>, e.g. <c>CONFIG SET min-replicas-to-write 1</c>, and returns its output.</summary>
    public Task<string> CommandAsync(params string[] args) => RedisCli.CommandAsync(Port, args);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
