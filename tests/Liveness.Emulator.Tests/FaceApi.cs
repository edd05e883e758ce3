using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Liveness.Emulator.Tests;

/// <summary>Raw HTTP helpers for the Face v1.2 liveness operations (what any client puts on the wire).</summary>
internal static class FaceApi
{
    public const string LivenessPath = "detectLiveness-sessions";
    public const string VerifyPath = "detectLivenessWithVerify-sessions";

    /// <summary>An 8x8 grey JPEG, standing in for the reference photo of a verify session.</summary>
    public static readonly byte[] VerifyImage = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient face, string json, string path = LivenessPath) =>
        face.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> CreateLivenessSessionAsync(this HttpClient face, bool enableSessionImage = false, int? ttl = null) =>
        face.PostAsJsonAsync(LivenessPath, new Dictionary<string, object?>
        {
            ["livenessOperationMode"] = "PassiveActive",
            ["deviceCorrelationId"] = Guid.NewGuid().ToString(),
            ["enableSessionImage"] = enableSessionImage,
            ["authTokenTimeToLiveInSeconds"] = ttl,
        }.Where(static p => p.Value is not null).ToDictionary());

    /// <summary>Creates a liveness session and returns its id.</summary>
    public static async Task<string> NewLivenessSessionAsync(this HttpClient face, bool enableSessionImage = false, int? ttl = null)
    {
        using var response = await face.CreateLivenessSessionAsync(enableSessionImage, ttl);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
    }

    /// <summary>The v1.2 multipart form: flat text fields plus a <c>verifyImage</c> file part with a filename.</summary>
    public static MultipartFormDataContent VerifyForm(IDictionary<string, string>? fields = null, string imagePart = "verifyImage", string? fileName = "verifyImage.jpg", byte[]? image = null)
    {
        var form = new MultipartFormDataContent();
        fields ??= new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = Guid.NewGuid().ToString(),
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(image ?? VerifyImage);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (fileName is null)
        {
            form.Add(file, imagePart);
        }
        else
        {
            form.Add(file, imagePart, fileName);
        }

        return form;
    }

    public static async Task<HttpResponseMessage> CreateVerifySessionAsync(this HttpClient face, IDictionary<string, string>? fields = null)
    {
        using var form = VerifyForm(fields);
        return await face.PostAsync(VerifyPath, form);
    }

    /// <summary>Creates a liveness-with-verify session and returns its id.</summary>
    public static async Task<string> NewVerifySessionAsync(this HttpClient face, IDictionary<string, string>? fields = null)
    {
        using var response = await face.CreateVerifySessionAsync(fields);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the Face error envelope: status, <c>error.code</c>, the <c>x-ms-error-code</c> header; returns the message.</summary>
    public static async Task<string> AssertFaceErrorAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(code, response.Headers.GetValues("x-ms-error-code").Single());
        Assert.True(response.Headers.Contains("apim-request-id"));
        return error.GetProperty("message").GetString()!;
    }

    public static bool Has(this JsonElement element, string property) => element.TryGetProperty(property, out _);
}
