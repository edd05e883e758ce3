using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// The management port serves <c>/metrics</c> (answered before this middleware) and the health
/// probes only: anything else arriving there is 404, so the API is never reachable through it.
/// </summary>
internal sealed class ManagementPortMiddleware(RequestDelegate next, IOptions<ManagementOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalPort == options.Value.Port && !context.Request.Path.StartsWithSegments(TelemetryExtensions.HealthPathPrefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
