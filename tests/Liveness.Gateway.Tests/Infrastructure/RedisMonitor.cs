using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// Redis <c>MONITOR</c> on a connection of its own to each node (one server, or every node of a cluster): every
/// command the nodes run from the moment it starts, one line each
/// (<c>1700000000.123456 [0 127.0.0.1:5555] "evalsha" "..." "rl:fw:{liveness:read:...}" ...</c>), to count which
/// requests reached Redis.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly IReadOnlyList<Node> _nodes;

    private RedisMonitor(IReadOnlyList<Node> nodes) => _nodes = nodes;

    public static async Task<RedisMonitor> StartAsync(params IReadOnlyList<int> ports)
    {
        var nodes = new List<Node>(ports.Count);
        try
        {
            foreach (var port in ports)
            {
                nodes.Add(await Node.StartAsync(port));
            }
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }

        return new RedisMonitor(nodes);
    }

    /// <summary>
    /// Commands clients sent since the monitor started, on every node (a script's own calls, shown as
    /// <c>[0 lua]</c>, are not counted: they are part of the client's one command) whose line contains
    /// <paramref name="text"/>.
    /// </summary>
    public async Task<int> CountAsync(string text)
    {
        var count = 0;
        foreach (var node in _nodes)
        {
            count += await node.CountAsync(text);
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private sealed class Node : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamReader _reader;
        private readonly int _port;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly Task _reading;

        private Node(TcpClient client, StreamReader reader, int port)
        {
            _client = client;
            _reader = reader;
            _port = port;
            _reading = Task.Run(ReadAsync);
        }

        public static async Task<Node> StartAsync(int port)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
            var reader = new StreamReader(stream, Encoding.UTF8);
            var ok = await reader.ReadLineAsync();
            Assert.Equal("+OK", ok);
            return new Node(client, reader, port);
        }

        public async Task<int> CountAsync(string text)
        {
            // Redis runs commands one at a time and MONITOR reports them in that order: once a marker sent now is
            // seen, every command run before it has been seen too.
            var marker = $"monitor-marker-{Guid.NewGuid():N}";
            using (var client = new TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, _port);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ECHO {marker}\r\n")));
                using var reply = new StreamReader(stream, Encoding.UTF8);
                await reply.ReadLineAsync(); // the marker's length: Redis has run it
            }

            for (var attempt = 0; attempt < 100 && !_lines.Any(l => l.Contains(marker, StringComparison.Ordinal)); attempt++)
            {
                await Task.Delay(50);
            }

            var lines = _lines.ToArray();
            Assert.Contains(lines, l => l.Contains(marker, StringComparison.Ordinal));
            return lines.TakeWhile(l => !l.Contains(marker, StringComparison.Ordinal)).Count(l => l.Contains(text, StringComparison.Ordinal) && !l.Contains(" lua] ", StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            try
            {
                await _reading;
            }
            catch (IOException)
            {
                // The connection was closed under the reader: that is how it stops.
            }
            catch (ObjectDisposedException)
            {
            }

            _reader.Dispose();
        }

        private async Task ReadAsync()
        {
            while (await _reader.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
