using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>
/// Verify uploads: read as they arrive, forwarded to Face byte for byte, bounded per replica
/// (<c>Sessions:MaxConcurrentVerifyUploads</c>; over it 503 before the body is read), malformed ones refused.
/// </summary>
public sealed class VerifyUploadTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string VerifyPath = "/api/liveness-with-verify/sessions";

    [Fact]
    public async Task VerifyCreate_UploadsOverTheBound_Returns503WithRetryAfterBeforeReadingTheBody()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Sessions:MaxConcurrentVerifyUploads"] = "2" }).UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var (contentType, body) = await MultipartAsync(TestImages.Png(200_000));
        var before = await fixture.Emulator.Control.GetCallsAsync();

        // Two uploads are let in (Kestrel sends 100 Continue once the gateway reads a body) and held half-way.
        var held = new List<RawHttpConnection>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var connection = await RawHttpConnection.OpenAsync(client.BaseAddress!);
                held.Add(connection);
                await connection.SendHeadAsync(Head(contentType, body.Length, expectContinue: true));
                Assert.Equal(100, (await connection.ReadHeadAsync()).Status);
                await connection.SendAsync(body[..(body.Length / 2)]);
            }

            // The third is answered without its body being asked for: no 100 Continue, a final 503.
            await using (var third = await RawHttpConnection.OpenAsync(client.BaseAddress!))
            {
                await third.SendHeadAsync(Head(contentType, body.Length, expectContinue: true));
                var (status, head) = await third.ReadHeadAsync();
                Assert.Equal(503, status);
                Assert.Contains("Retry-After: 2", head, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("\"code\":\"VerifyUploadsBusy\"", await third.ReadBodyAsync(head), StringComparison.Ordinal);
            }

            Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);

            foreach (var connection in held)
            {
                await connection.SendAsync(body[(body.Length / 2)..]);
                Assert.Equal(201, (await connection.ReadHeadAsync()).Status);
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        // The finished uploads gave their places back.
        using var form = TestImages.VerifyForm(TestImages.Jpeg());
        await (await client.PostAsync(VerifyPath, form)).ReadJsonAsync(HttpStatusCode.Created);

        string Head(string type, int length, bool expectContinue) =>
            $"POST {VerifyPath} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {fixture.Issuer.Tokens.Create(GatewayFixture.NewUser())}\r\n" +
            $"Content-Type: {type}\r\nContent-Length: {length.ToString(CultureInfo.InvariantCulture)}" + (expectContinue ? "\r\nExpect: 100-continue" : string.Empty);
    }

    [Theory]
    [InlineData("png", 1_500_000)]
    [InlineData("jpeg", 3_000_000)]
    public async Task VerifyCreate_LargeImage_ReachesFaceByteIdentical(string format, int size)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var image = format == "png" ? TestImages.Png(size) : TestImages.Jpeg(size);
        using var form = TestImages.VerifyForm(image, mode: "Passive");

        await (await client.PostAsync(VerifyPath, form)).ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        var file = Assert.Single(call.Files!);
        Assert.Equal(image.Length, file.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), file.Sha256);
        Assert.Equal(format == "png" ? "verifyImage.png" : "verifyImage.jpg", file.FileName);
        Assert.Equal("Passive", call.Form!["livenessOperationMode"]);
    }

    public static TheoryData<string, string> MalformedMultipart() => new()
    {
        { "multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"verifyImage\"; filename=\"a.png\"\r\n\r\n" + new string('x', 500) },
        { "multipart/form-data; boundary=abc", "this is not multipart at all" },
        { "multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"verifyImage\"; filename=\"a.png\"" },
        { "multipart/form-data", "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--abc--\r\n" },
        { "multipart/form-data; boundary=abc", "--abc\r\nContent-Disposition: form-data; name=\"livenessOperationMode\"\r\n\r\n" + new string('P', 2000) + "\r\n--abc--\r\n" },
        { "multipart/form-data; boundary=" + new string('b', 71), "--" + new string('b', 71) + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--" + new string('b', 71) + "--\r\n" },
        { "multipart/form-data; boundary=" + new string('c', 200), "--" + new string('c', 200) + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--" + new string('c', 200) + "--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task VerifyCreate_MalformedMultipart_Returns400WithoutFaceCall(string contentType, string body)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        await (await client.PostAsync(VerifyPath, content)).AssertProblemAsync(HttpStatusCode.BadRequest, "BadArgument");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task VerifyCreate_BoundaryOf70Characters_Accepted()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        using var form = new MultipartFormDataContent(new string('d', 70));
        var image = new ByteArrayContent(TestImages.Png());
        form.Add(image, "verifyImage", "face.png");

        await (await client.PostAsync(VerifyPath, form)).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task VerifyCreate_BoundaryOver70Characters_Returns400NamingTheBoundary()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var boundary = new string('e', 100);
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--{boundary}--\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        var problem = await (await client.PostAsync(VerifyPath, content)).AssertProblemAsync(HttpStatusCode.BadRequest, "BadArgument");

        Assert.Contains("boundary", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(string ContentType, byte[] Body)> MultipartAsync(byte[] image)
    {
        using var form = TestImages.VerifyForm(image);
        return (form.Headers.ContentType!.ToString(), await form.ReadAsByteArrayAsync());
    }
}
