using Liveness.Emulator.Control;

namespace Liveness.Emulator.Calls;

/// <summary><c>/emulator/calls</c>: how many Face calls of each kind arrived, and what they carried.</summary>
internal static class CallEndpoints
{
    public static WebApplicationBuilder AddCallLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallLog>();
        return builder;
    }

    public static IApplicationBuilder UseCallRecording(this IApplicationBuilder app) => app.UseMiddleware<CallRecordingMiddleware>();

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder endpoints)
    {
        var calls = endpoints.MapGroup(ControlRoutes.Prefix + "/calls");
        calls.MapGet("/", static (CallLog log) => TypedResults.Json(log.Snapshot(), FaceJson.Options, FaceJson.ContentType));
        calls.MapDelete("/", static (CallLog log) =>
        {
            log.Reset();
            return TypedResults.NoContent();
        });
        return endpoints;
    }
}
