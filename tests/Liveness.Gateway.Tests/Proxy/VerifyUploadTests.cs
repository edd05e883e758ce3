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

    [Fact]
    public async Task VerifyCreate_ChunkedUploadWithoutLength_ReachesFaceByteIdentical()
    {
        await using var gateway = fixture.CreateGateway().UseRealPort();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var image = TestImages.Png(700_000);
        var (contentType, body) = await MultipartAsync(image);
        using var content = new StreamContent(new UnknownLengthStream(body)); // HttpClient sends it chunked
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        await (await client.PostAsync(VerifyPath, content)).ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), Assert.Single(call.Files!).Sha256);
    }

    [Fact]
    public async Task VerifyCreate_FaceFailsOnce_SentOnceThenClientRetryReachesFaceByteIdentical()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var image = TestImages.Jpeg(500_000);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await fixture.Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.ServiceUnavailable, count: 1);
        using (var form = TestImages.VerifyForm(image))
        {
            await (await client.PostAsync(VerifyPath, form)).AssertProblemAsync(HttpStatusCode.BadGateway);
        }

        using (var form = TestImages.VerifyForm(image))
        {
            await (await client.PostAsync(VerifyPath, form)).ReadJsonAsync(HttpStatusCode.Created);
        }

        var after = await fixture.Emulator.Control.GetCallsAsync();
        var operation = EmulatorOperations.CreateLivenessWithVerifySession;
        Assert.Equal(2, after.Count(operation) - before.Count(operation)); // the failed one was not retried by the gateway
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), Assert.Single(after.Requests.Last(r => r.Operation == operation).Files!).Sha256);
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

    [Fact]
    public async Task VerifyCreate_LargeUpload_CreatesNoTempFile()
    {
        var temp = Directory.CreateTempSubdirectory("gateway-tmp-");
        try
        {
            var port = FreePort.Next();
            var environment = fixture.BaseSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
            environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            environment["Management__Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            environment["TMPDIR"] = temp.FullName;           // Path.GetTempPath()
            environment["ASPNETCORE_TEMP"] = temp.FullName;  // where ASP.NET Core buffers bodies and forms
            environment["DOTNET_EnableDiagnostics"] = "0";   // no diagnostic sockets in TMPDIR
            using var process = GatewayProcess.Start(environment);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Issuer.Tokens.Create(GatewayFixture.NewUser()));
                await WaitUntilServingAsync(client, process);
                using var watcher = new FileSystemWatcher(temp.FullName) { IncludeSubdirectories = true };
                var created = new System.Collections.Concurrent.ConcurrentQueue<string>();
                watcher.Created += (_, e) => created.Enqueue(e.Name ?? "?");
                watcher.EnableRaisingEvents = true;

                using var form = TestImages.VerifyForm(TestImages.Png(2_000_000));
                await (await client.PostAsync(VerifyPath, form)).ReadJsonAsync(HttpStatusCode.Created);

                // inotify reports in order: once the test's own marker is seen, every earlier creation has been reported.
                await File.WriteAllTextAsync(Path.Combine(temp.FullName, "marker"), string.Empty);
                for (var attempt = 0; attempt < 300 && !created.Contains("marker"); attempt++)
                {
                    await Task.Delay(100); // waits for the watcher's thread, not for the gateway
                }

                Assert.Equal(["marker"], created.ToArray());
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilServingAsync(HttpClient client, System.Diagnostics.Process process)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(process.HasExited, "the gateway exited during startup");
            try
            {
                await client.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}");
                return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100); // a real process starting, not a clock
        }

        Assert.Fail("the gateway did not start within 30 s");
    }

    private static async Task<(string ContentType, byte[] Body)> MultipartAsync(byte[] image)
    {
        using var form = TestImages.VerifyForm(image);
        return (form.Headers.ContentType!.ToString(), await form.ReadAsByteArrayAsync());
    }

    /// <summary>A readable stream that does not say its length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
