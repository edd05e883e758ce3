using System.Buffers.Text;
using System.Text.Json;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class SessionAuthTokenTests : EmulatorTest
{
    private static JsonElement DecodePart(string part)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Create_AuthToken_IsEs256JwtWithTheServiceClaims()
    {
        using var response = await Face.CreateLivenessSessionAsync(ttl: 300);
        var session = await response.ReadJsonAsync();
        var parts = session.GetProperty("authToken").GetString()!.Split('.');

        var header = DecodePart(parts[0]);
        var payload = DecodePart(parts[1]);

        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);
        Assert.Equal(session.GetProperty("sessionId").GetString(), payload.GetProperty("sid").GetString());
        Assert.Equal("urn:ms.faceSessionToken", payload.GetProperty("aud").GetString());
        Assert.Equal("urn:ms.cognitiveservices", payload.GetProperty("iss").GetString());
        var notBefore = long.Parse(payload.GetProperty("nbf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(300, payload.GetProperty("exp").GetInt64() - notBefore);
        Assert.Equal(Emulator.Time.GetUtcNow().ToUnixTimeSeconds(), notBefore);
    }

    [Fact]
    public async Task Create_AuthToken_FaceClaimNamesEndpointAndSessionType()
    {
        using var form = FaceApi.VerifyForm();
        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);
        var token = (await response.ReadJsonAsync()).GetProperty("authToken").GetString()!;

        var payload = DecodePart(token.Split('.')[1]);
        using var face = JsonDocument.Parse(payload.GetProperty("face").GetString()!);

        Assert.Equal(Emulator.BaseAddress.ToString().TrimEnd('/'), face.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("LivenessWithVerify", face.RootElement.GetProperty("sessionType").GetString());
        Assert.Equal("Passive", face.RootElement.GetProperty("clientClaims").GetProperty("livenessOperationMode").GetString());
        Assert.Contains("detectLivenessWithVerify/singleModal", payload.GetProperty("allowed-paths").GetString(), StringComparison.Ordinal);
    }
}
