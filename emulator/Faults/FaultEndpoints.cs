using Liveness.Emulator.Control;
using Liveness.Emulator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Emulator.Faults;

/// <summary><c>/emulator/faults</c>: inject latency and failures into Face calls, read them, clear them.</summary>
internal static class FaultEndpoints
{
    public static WebApplicationBuilder AddFaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FaultState>();
        return builder;
    }

    public static IApplicationBuilder UseFaults(this IApplicationBuilder app) => app.UseMiddleware<FaultMiddleware>();

    public static IEndpointRouteBuilder MapFaults(this IEndpointRouteBuilder endpoints)
    {
        var faults = endpoints.MapGroup(ControlRoutes.Prefix + "/faults");
        faults.MapGet("/", static (FaultState state) => Json(state));
        faults.MapPost("/", static async Task<IResult> (HttpRequest request, FaultState state, ILogger<FaultState> logger) =>
        {
            var (settings, error) = await ControlJson.ReadAsync<FaultSettings>(request);
            if (error is not null)
            {
                return error;
            }

            if (settings!.LatencyMs is < 0)
            {
                return FaceErrors.BadArgument("'latencyMs' must not be negative.");
            }

            if (settings.FailNext is { } failNext && (failNext.Count < 0 || !FaultKinds.IsKnown(failNext.Kind) || failNext.RetryAfterSeconds is < 0 || !failNext.IsCompleteError()))
            {
                return FaceErrors.BadArgument("'failNext' needs count >= 0, kind \"429\", \"500\", \"503\", \"drop\" or \"error\" (with status 400-599, an ASCII code and a message), and retryAfterSeconds >= 0.");
            }

            state.Apply(settings);
            var current = state.Current;
            Log.FaultsSet(logger, current.LatencyMs, current.FailNext?.Count ?? 0, current.FailNext?.Kind ?? "none");
            return Json(state);
        });
        faults.MapDelete("/", static (FaultState state) =>
        {
            state.Clear();
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    private static JsonHttpResult<FaultSettings> Json(FaultState state) => TypedResults.Json(state.Current, FaceJson.Options, FaceJson.ContentType);
}
