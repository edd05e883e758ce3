using System.Net;
using System.Text;
using Liveness.Testing;

namespace Liveness.Emulator.Tests.Faults;

public sealed class FaultInjectionTests : EmulatorTest
{
    [Fact]
    public async Task TooManyRequests_NextNCallsGet429WithRetryAfter_ThenCallSucceeds()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 2, retryAfterSeconds: 2);

        using var first = await Face.CreateLivenessSessionAsync();
        using var second = await Face.GetAsync($"{FaceApi.LivenessPath}/{Guid.NewGuid()}");
        using var third = await Face.CreateLivenessSessionAsync();

        foreach (var throttled in new[] { first, second })
        {
            var message = await throttled.AssertFaceErrorAsync(429, "429");
            Assert.Equal("Rate limit is exceeded.", message);
            Assert.Equal("2", throttled.Headers.GetValues("Retry-After").Single());
            Assert.False(throttled.Headers.Contains("CSP-Billing-Usage"));
        }

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Error_NextCallGetsTheGivenStatusCodeAndMessage_ThenCallSucceeds()
    {
        await Emulator.Control.InjectErrorAsync(422, "SomeCode", "Free text \u202E with a bidi override");

        using var failed = await Face.CreateLivenessSessionAsync();
        using var next = await Face.CreateLivenessSessionAsync();

        var message = await failed.AssertFaceErrorAsync(422, "SomeCode");
        Assert.Equal("Free text \u202E with a bidi override", message);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Error_WithoutStatusOrCode_IsRefusedByTheControlApi()
    {
        using var control = new HttpClient { BaseAddress = Emulator.BaseAddress };

        using var response = await control.PostAsync("emulator/faults", new StringContent("""{"failNext":{"kind":"error","code":"X"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TooManyRequests_NoRetryAfterGiven_SendsOneSecond()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests);

        using var response = await Face.CreateLivenessSessionAsync();

        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task InternalServerError_NextCallGets500Envelope()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError);

        using var failed = await Face.CreateLivenessSessionAsync();
        using var next = await Face.CreateLivenessSessionAsync();

        await failed.AssertFaceErrorAsync(500, "Unspecified");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ServiceUnavailable_NextCallGets503WithRetryAfter()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.ServiceUnavailable, retryAfterSeconds: 5);

        using var failed = await Face.CreateLivenessSessionAsync();

        await failed.AssertFaceErrorAsync(503, "ServiceUnavailable");
        Assert.Equal("5", failed.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task DropConnection_HttpClientThrows_ThenNextCallSucceeds()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.DropConnection);

        using (var fresh = Emulator.CreateFaceClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.CreateLivenessSessionAsync());
        }

        using var next = await Face.CreateLivenessSessionAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Faults_DoNotApplyToControlApi()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.InternalServerError);

        var calls = await Emulator.Control.GetCallsAsync();
        using var face = await Face.CreateLivenessSessionAsync();

        Assert.Equal(0, calls.Total);
        Assert.Equal(HttpStatusCode.InternalServerError, face.StatusCode);
    }

    [Fact]
    public async Task ClearFaults_PendingFailuresAreDropped()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.ServiceUnavailable, count: 5);

        await Emulator.Control.ClearFaultsAsync();
        using var response = await Face.CreateLivenessSessionAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_LongerThanClientTimeout_ClientTimesOut()
    {
        await Emulator.Control.SetLatencyAsync(TimeSpan.FromSeconds(60));
        using var impatient = Emulator.CreateFaceClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(200);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.CreateLivenessSessionAsync());

        await Emulator.Control.ClearFaultsAsync();
        using var response = await Face.CreateLivenessSessionAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetFaults_AfterInject_ReportsPendingCount()
    {
        await Emulator.Control.InjectFaultsAsync(EmulatorFaultKind.TooManyRequests, count: 3);
        using var consumed = await Face.CreateLivenessSessionAsync();
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };

        var faults = await (await client.GetAsync("emulator/faults")).ReadJsonAsync();

        Assert.Equal(2, faults.GetProperty("failNext").GetProperty("count").GetInt32());
        Assert.Equal("429", faults.GetProperty("failNext").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("""{"failNext":{"count":1,"kind":"418"}}""")]
    [InlineData("""{"latencyMs":-1}""")]
    [InlineData("""{"failNext":{"count":-1,"kind":"500"}}""")]
    public async Task InjectFaults_InvalidBody_Returns400(string json)
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };

        using var response = await client.PostAsync("emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }
}
