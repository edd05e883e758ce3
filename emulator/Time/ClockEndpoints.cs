using Liveness.Emulator.Control;
using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Time;

/// <summary><c>/emulator/clock</c>: read and move the emulator's clock.</summary>
internal static class ClockEndpoints
{
    public static WebApplicationBuilder AddEmulatorClock(this WebApplicationBuilder builder)
    {
        // Registered before the host's configure callback runs, so tests can replace it.
        builder.Services.AddSingleton<TimeProvider>(new EmulatorClock());
        return builder;
    }

    public static IEndpointRouteBuilder MapClock(this IEndpointRouteBuilder endpoints)
    {
        var clock = endpoints.MapGroup(ControlRoutes.Prefix + "/clock");
        clock.MapGet("/", static (TimeProvider time) => TypedResults.Json(new { utcNow = time.GetUtcNow() }, FaceJson.Options));
        clock.MapPost("/", static async Task<IResult> (HttpRequest request, TimeProvider time) =>
        {
            var (body, error) = await ControlJson.ReadAsync<ClockAdvance>(request);
            if (error is not null)
            {
                return error;
            }

            if (time is not EmulatorClock emulatorClock)
            {
                return FaceErrors.Conflict("The clock is not the emulator's own (a test registered its own TimeProvider): move that one instead.");
            }

            if (body!.AdvanceSeconds < 0 || !double.IsFinite(body.AdvanceSeconds))
            {
                return FaceErrors.BadArgument("advanceSeconds must be a non-negative number.");
            }

            emulatorClock.Advance(TimeSpan.FromSeconds(body.AdvanceSeconds));
            return TypedResults.Json(new { utcNow = time.GetUtcNow() }, FaceJson.Options);
        });
        return endpoints;
    }
}
