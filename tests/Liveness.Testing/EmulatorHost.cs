using System.Buffers.Text;
using System.Security.Cryptography;
using Liveness.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Testing;

/// <summary>
/// The Face emulator on a real Kestrel loopback port, for integration tests:
/// <code>
/// await using var emulator = await EmulatorHost.StartAsync();
/// // point the code under test at emulator.BaseAddress with emulator.ApiKey (or emulator.BearerToken)
/// await emulator.Control.CompleteAsync(sessionId, "realface");
/// emulator.Time.Advance(TimeSpan.FromHours(48));   // sessions expire without sleeping
/// var calls = await emulator.Control.GetCallsAsync(); // what reached "Azure"
/// </code>
/// The key and bearer token are minted per host at run time. Time is a <see cref="FakeTimeProvider"/>
/// starting at the current UTC time, so token and session expiry move only when a test advances it.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _controlHttp;

    private EmulatorHost(WebApplication app, Uri baseAddress, string apiKey, string? bearerToken, FakeTimeProvider time)
    {
        _app = app;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        BearerToken = bearerToken;
        Time = time;
        _controlHttp = new HttpClient { BaseAddress = baseAddress };
        Control = new EmulatorControlClient(_controlHttp);
    }

    /// <summary>The emulator's root, e.g. <c>http://127.0.0.1:41234/</c>: the Face "endpoint" (paths are <c>face/v1.2/...</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The accepted <c>Ocp-Apim-Subscription-Key</c>.</summary>
    public string ApiKey { get; }

    /// <summary>The accepted <c>Authorization: Bearer</c> token (Entra stand-in), or null when started without one.</summary>
    public string? BearerToken { get; }

    /// <summary>The emulator's clock; advance it to expire session tokens (their TTL) and sessions (48 hours).</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The control API: drive sessions, inject faults, read received calls.</summary>
    public EmulatorControlClient Control { get; }

    /// <summary>The emulator's services, for the rare test that needs to look inside.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts an emulator on <c>http://127.0.0.1:0</c>. <paramref name="configure"/> runs after the test
    /// defaults are applied, so it can override any of them.
    /// </summary>
    public static async Task<EmulatorHost> StartAsync(Action<WebApplicationBuilder>? configure = null, bool withBearerToken = true)
    {
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var bearerToken = withBearerToken ? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) : null;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var app = FaceEmulator.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["Emulator:ApiKey"] = apiKey;
            builder.Configuration["Emulator:BearerToken"] = bearerToken;
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(builder);
        });

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return new EmulatorHost(app, address, apiKey, bearerToken, time);
    }

    /// <summary>
    /// An HttpClient whose <c>BaseAddress</c> is <c>{BaseAddress}face/v1.2/</c> and which sends
    /// <see cref="ApiKey"/> unless <paramref name="withApiKey"/> is false. The caller disposes it.
    /// </summary>
    public HttpClient CreateFaceClient(bool withApiKey = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "face/v1.2/") };
        if (withApiKey)
        {
            client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", ApiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _controlHttp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
