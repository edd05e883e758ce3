using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Liveness.Emulator.Tests.Sessions;

public sealed class CreateLivenessWithVerifySessionTests : EmulatorTest
{
    [Fact]
    public async Task Create_FlatFieldsAndVerifyImage_Returns200WithImageReference()
    {
        using var response = await Face.CreateVerifySessionAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CognitiveServices.Face.Transaction=1", response.Headers.GetValues("CSP-Billing-Usage").Single());
        var session = await response.ReadJsonAsync();
        Assert.Equal("NotStarted", session.GetProperty("status").GetString());
        Assert.Equal("2024-11-15", session.GetProperty("modelVersion").GetString());
        Assert.Equal(3, session.GetProperty("authToken").GetString()!.Split('.').Length);
        var results = session.GetProperty("results");
        Assert.Equal(0, results.GetProperty("attempts").GetArrayLength());
        var reference = Assert.Single(results.GetProperty("verifyReferences").EnumerateArray());
        Assert.Equal("image", reference.GetProperty("referenceType").GetString());
        Assert.Equal("high", reference.GetProperty("qualityForRecognition").GetString());
        Assert.True(reference.GetProperty("faceRectangle").GetProperty("height").GetInt32() > 0);
    }

    [Fact]
    public async Task Create_PreviewPartNames_Returns400InvalidRequestBody()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"livenessOperationMode":"Passive","deviceCorrelationId":"d"}""", Encoding.UTF8, "application/json"), "Parameters" },
        };
        var image = new ByteArrayContent(FaceApi.VerifyImage);
        image.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(image, "VerifyImage", "VerifyImage");

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    [Fact]
    public async Task Create_CapitalizedVerifyImagePart_Returns400InvalidRequestBody()
    {
        using var form = FaceApi.VerifyForm(imagePart: "VerifyImage");

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    [Fact]
    public async Task Create_ParametersPartBesideFlatFields_Returns400InvalidRequestBody()
    {
        using var form = FaceApi.VerifyForm(new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = "d",
            ["Parameters"] = "{}",
        });

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    [Fact]
    public async Task Create_VerifyImageWithoutFilename_Returns400InvalidRequestBody()
    {
        using var form = FaceApi.VerifyForm(fileName: null);

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    [Fact]
    public async Task Create_NoVerifyImage_Returns400InvalidRequestBody()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Passive"), "livenessOperationMode" },
            { new StringContent("d"), "deviceCorrelationId" },
        };

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        var message = await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
        Assert.Equal("Incorrect request body provided. Please check the operation schema and try again.", message);
    }

    [Fact]
    public async Task Create_JsonBody_Returns400InvalidRequestBody()
    {
        using var response = await Face.PostJsonAsync("""{"livenessOperationMode":"Passive","deviceCorrelationId":"d"}""", FaceApi.VerifyPath);

        await response.AssertFaceErrorAsync(400, "InvalidRequestBody");
    }

    [Fact]
    public async Task Create_EmptyVerifyImage_Returns400InvalidImage()
    {
        using var form = FaceApi.VerifyForm(image: []);

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, "InvalidImage");
    }

    [Theory]
    [InlineData("livenessOperationMode", "Active", "InvalidLivenessOperationMode")]
    [InlineData("authTokenTimeToLiveInSeconds", "59", "InvalidTokenLifetime")]
    [InlineData("authTokenTimeToLiveInSeconds", "86401", "InvalidTokenLifetime")]
    [InlineData("deviceCorrelationId", "", "InvalidDeviceCorrelationId")]
    [InlineData("enableSessionImage", "yes", "BadArgument")]
    [InlineData("authTokenTimeToLiveInSeconds", "ten", "BadArgument")]
    [InlineData("verifyConfidenceThreshold", "1.5", "BadArgument")]
    public async Task Create_InvalidField_Returns400WithServiceCode(string field, string value, string code)
    {
        var fields = new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = "d",
        };
        fields[field] = value;
        using var form = FaceApi.VerifyForm(fields);

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        await response.AssertFaceErrorAsync(400, code);
    }

    [Fact]
    public async Task Create_DeviceCorrelationIdSetInClient_Returns200WithoutId()
    {
        using var form = FaceApi.VerifyForm(new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "PassiveActive",
            ["deviceCorrelationIdSetInClient"] = "true",
        });

        using var response = await Face.PostAsync(FaceApi.VerifyPath, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
