using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Liveness.Emulator.Tests.Time;

/// <summary>The standalone emulator's own clock, moved through <c>POST /emulator/clock</c>.</summary>
public sealed class EmulatorClockTests : IAsyncLifetime
{
    private readonly string _apiKey = Guid.NewGuid().ToString("N");
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        // No FakeTimeProvider here: the emulator keeps its default EmulatorClock.
        _app = FaceEmulator.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["Emulator:ApiKey"] = _apiKey;
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private HttpClient NewClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(_app!.Urls.First()) };
        client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", _apiKey);
        return client;
    }

    private async Task<HttpResponseMessage> AdvanceAsync(string json)
    {
        using var client = NewClient();
        return await client.PostAsync("emulator/clock", new StringContent(json, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Advance_49Hours_SessionIsGone()
    {
        using var client = NewClient();
        using var created = await client.PostAsJsonAsync("face/v1.2/detectLiveness-sessions", new { livenessOperationMode = "Passive", deviceCorrelationId = "d" });
        var sessionId = (await created.ReadJsonAsync()).GetProperty("sessionId").GetString();

        using var advanced = await AdvanceAsync("""{"advanceSeconds":176400}""");
        using var response = await client.GetAsync($"face/v1.2/detectLiveness-sessions/{sessionId}");

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        await response.AssertFaceErrorAsync(404, "SessionNotFound");
    }

    [Fact]
    public async Task Advance_MovesUtcNowForward()
    {
        using var client = NewClient();
        var before = (await client.GetFromJsonAsync<ClockState>("emulator/clock"))!.UtcNow;

        using var advanced = await AdvanceAsync("""{"advanceSeconds":3600}""");
        var after = (await advanced.Content.ReadFromJsonAsync<ClockState>())!.UtcNow;

        Assert.True(after - before >= TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Advance_Negative_Returns400()
    {
        using var response = await AdvanceAsync("""{"advanceSeconds":-5}""");

        await response.AssertFaceErrorAsync(400, "BadArgument");
    }

    private sealed record ClockState(DateTimeOffset UtcNow);
}
