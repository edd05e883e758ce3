using System.Net.Http.Headers;
using System.Security.Cryptography;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Calls;

public sealed class CallLogTests : EmulatorTest
{
    [Fact]
    public async Task GetCalls_CountsEveryFaceOperationWhateverTheStatus()
    {
        var sessionId = await Face.NewLivenessSessionAsync(enableSessionImage: true);
        var completed = await Emulator.Control.CompleteAsync(sessionId);
        var imageId = completed.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
        (await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}")).Dispose();
        (await Face.GetAsync($"sessionImages/{imageId}")).Dispose();
        (await Face.DeleteAsync($"{FaceApi.LivenessPath}/{sessionId}")).Dispose();
        (await Face.GetAsync($"{FaceApi.LivenessPath}/{sessionId}")).Dispose();
        var verifyId = await Face.NewVerifySessionAsync();
        (await Face.GetAsync($"{FaceApi.VerifyPath}/{verifyId}")).Dispose();
        (await Face.DeleteAsync($"{FaceApi.VerifyPath}/{verifyId}")).Dispose();
        using var anonymous = Emulator.CreateFaceClient(withApiKey: false);
        (await anonymous.CreateLivenessSessionAsync()).Dispose();

        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(9, calls.Total);
        Assert.Equal(2, calls.Count(EmulatorOperations.CreateLivenessSession));
        Assert.Equal(2, calls.Count(EmulatorOperations.GetLivenessSessionResult));
        Assert.Equal(1, calls.Count(EmulatorOperations.DeleteLivenessSession));
        Assert.Equal(1, calls.Count(EmulatorOperations.GetSessionImage));
        Assert.Equal(1, calls.Count(EmulatorOperations.CreateLivenessWithVerifySession));
        Assert.Equal(1, calls.Count(EmulatorOperations.GetLivenessWithVerifySessionResult));
        Assert.Equal(1, calls.Count(EmulatorOperations.DeleteLivenessWithVerifySession));
        Assert.Equal([200, 200, 200, 204, 404, 200, 200, 204, 401], calls.Requests.Select(static r => r.Status));
    }

    [Fact]
    public async Task GetCalls_FaultedCalls_AreCountedWithTheirStatus()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests);
        (await Face.CreateLivenessSessionAsync()).Dispose();

        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(1, calls.Count(EmulatorOperations.CreateLivenessSession));
        Assert.Equal(429, Assert.Single(calls.Requests).Status);
    }

    [Fact]
    public async Task GetCalls_DroppedCall_IsRecordedWithStatus0()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection);
        using (var fresh = Emulator.CreateFaceClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.CreateLivenessSessionAsync());
        }

        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(0, Assert.Single(calls.Requests).Status);
    }

    [Fact]
    public async Task GetCalls_DroppedCallOnPooledConnection_ClientThrowsAndCallIsRecordedWithStatus0()
    {
        (await Face.CreateLivenessSessionAsync()).Dispose();
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection);

        await Assert.ThrowsAsync<HttpRequestException>(() => Face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}"));
        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal([200, 0], calls.Requests.Select(static r => r.Status));
    }

    [Fact]
    public async Task GetCalls_UnknownVersion_IsCountedAsUnknown()
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };
        (await client.GetAsync("face/v1.1-preview.1/detectLiveness/singleModal/sessions")).Dispose();

        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(1, calls.Count(EmulatorOperations.Unknown));
        Assert.Equal("/face/v1.1-preview.1/detectLiveness/singleModal/sessions", Assert.Single(calls.Requests).Path);
    }

    [Fact]
    public async Task GetCalls_SubscriptionKey_IsRecordedOnlyAsSha256()
    {
        (await Face.CreateLivenessSessionAsync()).Dispose();
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };

        var raw = await client.GetStringAsync("emulator/calls");
        var call = Assert.Single((await Emulator.Control.GetCallsAsync()).Requests);

        Assert.DoesNotContain(Emulator.ApiKey, raw, StringComparison.Ordinal);
        Assert.Equal(EmulatorCalls.HashCredential(Emulator.ApiKey), call.Header("Ocp-Apim-Subscription-Key"));
        Assert.Matches("^sha256:[0-9a-f]{64}$", call.Header("ocp-apim-subscription-key"));
    }

    [Fact]
    public async Task GetCalls_BearerTokenAndCookie_AreRecordedOnlyAsSha256()
    {
        using var entra = Emulator.CreateFaceClient(withApiKey: false);
        entra.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.BearerToken);
        entra.DefaultRequestHeaders.Add("Cookie", "session=secret-cookie-value");
        (await entra.CreateLivenessSessionAsync()).Dispose();
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };

        var raw = await client.GetStringAsync("emulator/calls");
        var call = Assert.Single((await Emulator.Control.GetCallsAsync()).Requests);

        Assert.DoesNotContain(Emulator.BearerToken!, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-cookie-value", raw, StringComparison.Ordinal);
        Assert.Equal(EmulatorCalls.HashCredential("Bearer " + Emulator.BearerToken), call.Header("Authorization"));
        Assert.Equal(EmulatorCalls.HashCredential("session=secret-cookie-value"), call.Header("Cookie"));
    }

    [Fact]
    public async Task GetCalls_JsonCall_RecordsMethodPathQueryHeadersAndBody()
    {
        const string body = """{"livenessOperationMode":"Passive","deviceCorrelationId":"device-1"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{FaceApi.LivenessPath}?trace=1")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-ms-client-request-id", "client-42");
        using var response = await Face.SendAsync(request);

        var call = Assert.Single((await Emulator.Control.GetCallsAsync()).Requests);

        Assert.Equal(EmulatorOperations.CreateLivenessSession, call.Operation);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/face/v1.2/detectLiveness-sessions", call.Path);
        Assert.Equal("?trace=1", call.Query);
        Assert.Equal(200, call.Status);
        Assert.Equal(body, call.Body);
        Assert.Equal("client-42", call.Header("x-ms-client-request-id"));
        Assert.Equal(response.Headers.GetValues("apim-request-id").Single(), call.ApimRequestId);
        Assert.Null(call.Form);
    }

    [Fact]
    public async Task GetCalls_MultipartCall_RecordsFieldsAndFileSummary()
    {
        using var form = FaceApi.VerifyForm(new Dictionary<string, string>
        {
            ["livenessOperationMode"] = "Passive",
            ["deviceCorrelationId"] = "device-7",
        });
        (await Face.PostAsync(FaceApi.VerifyPath, form)).Dispose();

        var call = Assert.Single((await Emulator.Control.GetCallsAsync()).Requests);

        Assert.Equal("Passive", call.Form!["livenessOperationMode"]);
        Assert.Equal("device-7", call.Form["deviceCorrelationId"]);
        var file = Assert.Single(call.Files!);
        Assert.Equal("verifyImage", file.Name);
        Assert.Equal("verifyImage.jpg", file.FileName);
        Assert.Equal("application/octet-stream", file.ContentType);
        Assert.Equal(FaceApi.VerifyImage.Length, file.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(FaceApi.VerifyImage)), file.Sha256);
        Assert.Null(call.Body);
    }

    [Fact]
    public async Task ResetCalls_CountsStartAgainFromZero()
    {
        (await Face.CreateLivenessSessionAsync()).Dispose();

        await Emulator.Control.ResetCallsAsync();
        (await Face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}")).Dispose();
        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(1, calls.Total);
        Assert.Equal(0, calls.Count(EmulatorOperations.CreateLivenessSession));
        Assert.Equal(1, calls.Count(EmulatorOperations.GetLivenessSessionResult));
    }

    [Fact]
    public async Task GetCalls_ControlApiCalls_AreNotRecorded()
    {
        var sessionId = await Face.NewLivenessSessionAsync();
        await Emulator.Control.StartSessionAsync(sessionId);
        await Emulator.Control.GetCallsAsync();

        var calls = await Emulator.Control.GetCallsAsync();

        Assert.Equal(1, calls.Total);
    }
}
