using System.Net.Sockets;
using System.Text;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 connection written byte by byte, for what <see cref="HttpClient"/> will not send: a body held
/// open half-way, <c>Expect: 100-continue</c> whose interim answer the test reads, a malformed chunk size.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _received = new();

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        return new RawHttpConnection(client);
    }

    /// <summary>The request line and headers (CRLF-separated, without the blank line).</summary>
    public Task SendHeadAsync(string head) => SendAsync(Encoding.ASCII.GetBytes(head + "\r\n\r\n"));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response head (a 100 Continue counts as one); returns the status code and the head's text.</summary>
    public async Task<(int Status, string Head)> ReadHeadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString(_received.GetBuffer(), 0, (int)_received.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var head = text[..end];
                var rest = _received.GetBuffer().AsSpan(end + 4, (int)_received.Length - end - 4).ToArray();
                _received.SetLength(0);
                _received.Write(rest);
                return (int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), head);
            }

            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"The server closed the connection; received: {text}");
            }

            _received.Write(buffer, 0, read);
        }
    }

    /// <summary>Reads the body the head announced (Content-Length, or chunked: returned with its chunk framing).</summary>
    public async Task<string> ReadBodyAsync(string head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = line is null ? (int?)null : int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (length is { } expected ? _received.Length < expected : !Encoding.ASCII.GetString(_received.GetBuffer(), 0, (int)_received.Length).Contains("\r\n0\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            _received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(_received.GetBuffer(), 0, (int)Math.Min(length ?? _received.Length, _received.Length));
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
        await _received.DisposeAsync();
    }
}
