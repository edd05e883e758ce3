using Liveness.Emulator.Authentication;
using Liveness.Emulator.Calls;
using Liveness.Emulator.Control;
using Liveness.Emulator.Detection;
using Liveness.Emulator.Edge;
using Liveness.Emulator.Faults;
using Liveness.Emulator.Sessions;
using Liveness.Emulator.Time;
using Liveness.Emulator.Ui;

namespace Liveness.Emulator;

/// <summary>
/// Builds the Face liveness emulator: the Azure AI Face liveness-session operations under <c>/face/v1.2/...</c> and
/// <c>/face/v1.3-preview.1/...</c> (with Face's abuse monitoring) and a control API under <c>/emulator/...</c>.
/// </summary>
public static class FaceEmulator
{
    /// <summary>
    /// Creates the emulator host (not started). <paramref name="configure"/> runs before the host is built:
    /// set <c>Emulator:ApiKey</c> / <c>Emulator:BearerToken</c> through <c>builder.Configuration</c> or
    /// <c>services.Configure&lt;EmulatorOptions&gt;</c>, choose addresses with <c>builder.WebHost.UseUrls</c>,
    /// or register another <see cref="TimeProvider"/> (for example a FakeTimeProvider).
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">Emulator:ApiKey is not set.</exception>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddEmulatorOptions();
        builder.AddEmulatorClock();
        builder.AddSessions();
        builder.AddFaults();
        builder.AddCallLog();
        builder.AddStandInUi();
        configure?.Invoke(builder);
        builder.UseDefaultUrlsWhenUnset();

        var app = builder.Build();
        app.ValidateEmulatorOptions();

        // Routing first: the edge middleware reads the FaceOperation metadata of the matched endpoint.
        app.UseRouting();
        app.UseCors(); // the stand-in liveness UI's routes only (StandInUiEndpoints)
        app.UseServiceHeaders();
        app.UseCallRecording();
        app.UseFaults();
        app.UseSubscriptionKey();

        app.MapLivenessSessions();
        app.MapDetection();
        app.MapFaceNotFound();
        app.MapSessionControl();
        app.MapFaults();
        app.MapCalls();
        app.MapClock();
        app.MapStandInUi();
        return app;
    }
}
