using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>Bodies that cannot be read or decoded are the client's error: 400 problem+json, no Face call, no error in the log.</summary>
public sealed class MalformedBodyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<byte[]> UndecodableJson() => new()
    {
        { [.. "{\"deviceCorrelationId\":\"ab"u8, 0xFF, 0xFE, .. "cd\"}"u8] },           // invalid UTF-8 inside a string
        { [.. "{\"livenessOperationMode\":\"Pass"u8, 0xC3, .. "\"}"u8] },               // a truncated UTF-8 sequence
        { "{\"deviceCorrelationId\":\"\\ud800\"}"u8.ToArray() },                         // a lone surrogate, escaped
        { "{\"livenessOperationMode\":\"\\udc00Passive\"}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(UndecodableJson))]
    public async Task Create_UndecodableJsonString_Returns400BadArgumentWithoutErrorLog(byte[] body)
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await (await client.PostAsync("/api/liveness/sessions", content)).AssertProblemAsync(HttpStatusCode.BadRequest, "BadArgument");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [InlineData("/api/liveness/sessions", "application/json")]
    [InlineData("/api/liveness-with-verify/sessions", "multipart/form-data; boundary=abc")]
    public async Task Create_ChunkSizeOverflow_Returns400WithoutErrorLog(string path, string contentType)
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await using var connection = await RawHttpConnection.OpenAsync(client.BaseAddress!);

        await connection.SendHeadAsync($"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {client.DefaultRequestHeaders.Authorization!.Parameter}\r\n" +
            $"Content-Type: {contentType}\r\nTransfer-Encoding: chunked");
        await connection.SendAsync(Encoding.ASCII.GetBytes("ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"));
        var (status, head) = await connection.ReadHeadAsync();

        Assert.Equal(400, status);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
