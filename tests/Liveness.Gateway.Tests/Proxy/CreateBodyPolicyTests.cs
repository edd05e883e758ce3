using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>The create body Face receives is built by the gateway: clients choose only the mode and the device correlation id.</summary>
public sealed class CreateBodyPolicyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Create_ClientSendsServerControlledFields_FaceGetsConfiguredValues()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var response = await client.PostAsJsonAsync("/api/liveness/sessions", new
        {
            livenessOperationMode = "PassiveActive",
            deviceCorrelationId = "device-1234",
            authTokenTimeToLiveInSeconds = 86400,
            enableSessionImage = false,
            livenessModelVersion = "2099-01-01",
            deviceCorrelationIdSetInClient = true,
            sendResultsToClient = true,
        });
        await response.ReadJsonAsync(HttpStatusCode.Created);

        var body = await LastCreateBodyAsync();
        Assert.Equal("PassiveActive", body.GetProperty("livenessOperationMode").GetString());
        Assert.Equal("device-1234", body.GetProperty("deviceCorrelationId").GetString());
        Assert.Equal(600, body.GetProperty("authTokenTimeToLiveInSeconds").GetInt32());
        Assert.True(body.GetProperty("enableSessionImage").GetBoolean());
        Assert.False(body.TryGetProperty("livenessModelVersion", out _));
        Assert.False(body.TryGetProperty("deviceCorrelationIdSetInClient", out _));
        Assert.False(body.TryGetProperty("sendResultsToClient", out _));
    }

    [Fact]
    public async Task Create_NoChoices_PassiveAndStablePerUserDeviceId()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        await (await client.PostAsync("/api/liveness/sessions", null)).ReadJsonAsync(HttpStatusCode.Created);
        var first = await LastCreateBodyAsync();
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var second = await LastCreateBodyAsync();
        using var other = fixture.ClientFor(GatewayFixture.NewUser());
        await (await other.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var third = await LastCreateBodyAsync();

        Assert.Equal("Passive", first.GetProperty("livenessOperationMode").GetString());
        var device = first.GetProperty("deviceCorrelationId").GetString();
        Assert.True(Guid.TryParse(device, out _));
        Assert.Equal(device, second.GetProperty("deviceCorrelationId").GetString());
        Assert.NotEqual(device, third.GetProperty("deviceCorrelationId").GetString());
        Assert.DoesNotContain(user, device, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"livenessOperationMode\":\"Active\"}", "InvalidLivenessOperationMode")]
    [InlineData("{\"livenessOperationMode\":\"passive\"}", "InvalidLivenessOperationMode")]
    [InlineData("{\"livenessOperationMode\":5}", "InvalidLivenessOperationMode")]
    [InlineData("{\"deviceCorrelationId\":\"\"}", "InvalidDeviceCorrelationId")]
    [InlineData("{\"deviceCorrelationId\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}", "InvalidDeviceCorrelationId")]
    [InlineData("{\"deviceCorrelationId\":\"line\\r\\nbreak\"}", "InvalidDeviceCorrelationId")]
    [InlineData("{\"livenessOperationMode\":", "BadArgument")]
    [InlineData("[1,2,3]", "BadArgument")]
    [InlineData("not json at all", "BadArgument")]
    public async Task Create_InvalidBody_Returns400WithoutFaceCall(string body, string code)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.PostAsync("/api/liveness/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Create_NotJson_Returns415WithoutFaceCall()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.PostAsync("/api/liveness/sessions", new StringContent("livenessOperationMode=Passive", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Create_BodyOverLimit_Returns413WithoutFaceCall()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();
        var padding = new string('a', 64 * 1024);

        var response = await client.PostAsync("/api/liveness/sessions", new StringContent($"{{\"pad\":\"{padding}\"}}", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task VerifyCreate_ImageForwardedAsContractMultipart_WithServerSettings()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var image = TestImages.Png();
        using var form = TestImages.VerifyForm(image, mode: "PassiveActive", deviceCorrelationId: "dev-42", partName: "image");
        form.Add(new StringContent("86400"), "authTokenTimeToLiveInSeconds");

        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        Assert.Equal("PassiveActive", call.Form!["livenessOperationMode"]);
        Assert.Equal("dev-42", call.Form["deviceCorrelationId"]);
        Assert.Equal("600", call.Form["authTokenTimeToLiveInSeconds"]);
        Assert.Equal("true", call.Form["enableSessionImage"]);
        var file = Assert.Single(call.Files!);
        Assert.Equal("verifyImage", file.Name);
        Assert.Equal("verifyImage.png", file.FileName);
        Assert.Equal(image.Length, file.Length);
    }

    [Fact]
    public async Task VerifyCreate_NotAnImage_Returns400WithoutFaceCall()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var form = TestImages.VerifyForm(TestImages.NotAnImage());

        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVerifyImage");
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task VerifyCreate_NoImageOrTwoImages_Returns400WithoutFaceCall()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var none = new MultipartFormDataContent { { new StringContent("Passive"), "livenessOperationMode" } };
        using var two = TestImages.VerifyForm(TestImages.Jpeg());
        two.Add(new ByteArrayContent(TestImages.Png()), "second", "second.png");

        await (await client.PostAsync("/api/liveness-with-verify/sessions", none)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVerifyImage");
        await (await client.PostAsync("/api/liveness-with-verify/sessions", two)).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVerifyImage");
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task VerifyCreate_ImageOverConfiguredSize_Returns413WithoutFaceCall()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Sessions:MaxVerifyImageBytes"] = "100000" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();
        using var form = TestImages.VerifyForm(TestImages.Jpeg(150_000));

        await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task VerifyCreate_JsonInsteadOfMultipart_Returns415()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        await (await client.PostAsJsonAsync("/api/liveness-with-verify/sessions", new { livenessOperationMode = "Passive" })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    private async Task<JsonElement> LastCreateBodyAsync()
    {
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        return JsonDocument.Parse(call.Body!).RootElement.Clone();
    }
}
