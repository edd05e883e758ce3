using System.Net;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class CreateLivenessSessionTests : EmulatorTest
{
    [Fact]
    public async Task Create_ValidBody_Returns200NotStartedWithModelVersionAndToken()
    {
        using var response = await Face.CreateLivenessSessionAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var session = await response.ReadJsonAsync();
        Assert.True(Guid.TryParse(session.GetProperty("sessionId").GetString(), out _));
        Assert.Equal("NotStarted", session.GetProperty("status").GetString());
        Assert.Equal("2024-11-15", session.GetProperty("modelVersion").GetString());
        Assert.Equal(3, session.GetProperty("authToken").GetString()!.Split('.').Length);
        Assert.Equal(0, session.GetProperty("results").GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Create_Succeeds_IsBilledOnce()
    {
        using var response = await Face.CreateLivenessSessionAsync();

        Assert.Equal("CognitiveServices.Face.Transaction=1", response.Headers.GetValues("CSP-Billing-Usage").Single());
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("x-ms-region").Single()));
    }

    [Theory]
    [InlineData("""{"deviceCorrelationId":"d"}""")]
    [InlineData("""{"livenessOperationMode":"Active","deviceCorrelationId":"d"}""")]
    [InlineData("""{"livenessOperationMode":"","deviceCorrelationId":"d"}""")]
    public async Task Create_MissingOrUnknownMode_Returns400InvalidLivenessOperationMode(string body)
    {
        using var response = await Face.PostJsonAsync(body);

        await response.AssertFaceErrorAsync(400, "InvalidLivenessOperationMode");
    }

    [Theory]
    [InlineData(59)]
    [InlineData(86401)]
    [InlineData(0)]
    public async Task Create_TokenLifetimeOutOfRange_Returns400InvalidTokenLifetime(int ttl)
    {
        using var response = await Face.PostJsonAsync($$"""{"livenessOperationMode":"Passive","deviceCorrelationId":"d","authTokenTimeToLiveInSeconds":{{ttl}}}""");

        var message = await response.AssertFaceErrorAsync(400, "InvalidTokenLifetime");
        Assert.Equal("Invalid authTokenTimeToLiveInSeconds specified. Must be within 60 to 86400.", message);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(86400)]
    public async Task Create_TokenLifetimeAtBounds_Returns200(int ttl)
    {
        using var response = await Face.PostJsonAsync($$"""{"livenessOperationMode":"Passive","deviceCorrelationId":"d","authTokenTimeToLiveInSeconds":{{ttl}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"livenessOperationMode":"Passive"}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationId":""}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationId":"   "}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationIdSetInClient":false}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationId":"12345678901234567890123456789012345678901234567890123456789012345"}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationIdSetInClient":true,"deviceCorrelationId":"d"}""")]
    public async Task Create_BadDeviceCorrelationId_Returns400InvalidDeviceCorrelationId(string body)
    {
        using var response = await Face.PostJsonAsync(body);

        var message = await response.AssertFaceErrorAsync(400, "InvalidDeviceCorrelationId");
        Assert.StartsWith("A device correlation ID is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationIdSetInClient":true}""")]
    [InlineData("""{"livenessOperationMode":"Passive","deviceCorrelationId":"1234567890123456789012345678901234567890123456789012345678901234"}""")]
    public async Task Create_DeviceCorrelationIdSetInClientOrAt64Chars_Returns200(string body)
    {
        using var response = await Face.PostJsonAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"livenessOperationMode":"Passive","authTokenTimeToLiveInSeconds":"many"}""")]
    public async Task Create_MalformedJson_Returns400BadArgument(string body)
    {
        using var response = await Face.PostJsonAsync(body);

        var message = await response.AssertFaceErrorAsync(400, "BadArgument");
        Assert.Equal("JSON parsing error.", message);
    }

    [Fact]
    public async Task Create_UnknownModelVersion_Returns400BadArgument()
    {
        using var response = await Face.PostJsonAsync("""{"livenessOperationMode":"Passive","deviceCorrelationId":"d","livenessModelVersion":"2022-10-15-preview.04"}""");

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }

    [Fact]
    public async Task Create_SupportedModelVersion_Returns200()
    {
        using var response = await Face.PostJsonAsync("""{"livenessOperationMode":"Passive","deviceCorrelationId":"d","livenessModelVersion":"2024-11-15"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_Error_IsNotBilled()
    {
        using var response = await Face.PostJsonAsync("{");

        Assert.False(response.Headers.Contains("CSP-Billing-Usage"));
    }
}
