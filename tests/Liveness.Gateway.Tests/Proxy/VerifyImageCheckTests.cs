using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>The verify image's structure and size are checked before Face bills a call: only complete JPEG and PNG images of 36 to 4096 pixels per side go through.</summary>
public sealed class VerifyImageCheckTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, byte[]> NotAcceptedImages() => new()
    {
        { "PNG signature only", TestImages.PngSignatureOnly() },
        { "PNG cut in its pixel data", TestImages.Truncated(TestImages.Png(8192), 8192 - 40) },
        { "PNG cut in its header", TestImages.Truncated(TestImages.Png(), 20) },
        { "JPEG magic then HTML", TestImages.JpegMagicThenHtml() },
        { "JPEG without its end", TestImages.Truncated(TestImages.Jpeg(), 4096 - 2) },
        { "JPEG cut before its frame header", TestImages.Truncated(TestImages.Jpeg(8192), 4000) },
        { "20x20 PNG", TestImages.Png(width: 20, height: 20) },
        { "20x20 JPEG", TestImages.Jpeg(width: 20, height: 20) },
        { "5000x40 PNG", TestImages.Png(size: 8192, width: 5000, height: 40) },
        { "40x4097 JPEG", TestImages.Jpeg(size: 8192, width: 40, height: 4097) },
    };

    [Theory]
    [MemberData(nameof(NotAcceptedImages))]
    public async Task VerifyCreate_ImageNotAcceptedByFace_Returns400WithoutFaceCall(string what, byte[] image)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var form = TestImages.VerifyForm(image);

        var problem = await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVerifyImage");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), what);
    }

    public static TheoryData<string, byte[]> AcceptedImages() => new()
    {
        { "48x48 JPEG", TestImages.Jpeg() },
        { "48x48 PNG", TestImages.Png() },
        { "36x4096 JPEG", TestImages.Jpeg(size: 8192, width: 36, height: 4096) },
        { "4096x36 PNG", TestImages.Png(size: 8192, width: 4096, height: 36) },
    };

    [Theory]
    [MemberData(nameof(AcceptedImages))]
    public async Task VerifyCreate_ValidImageWithinFaceLimits_ReachesFace(string what, byte[] image)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        using var form = TestImages.VerifyForm(image);

        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.Equal(image.Length, Assert.Single(call.Files!).Length);
        Assert.NotNull(what);
    }
}
