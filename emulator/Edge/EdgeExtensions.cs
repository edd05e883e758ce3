namespace Liveness.Emulator.Edge;

internal static class EdgeExtensions
{
    public static IApplicationBuilder UseServiceHeaders(this IApplicationBuilder app) => app.UseMiddleware<ServiceHeadersMiddleware>();
}
