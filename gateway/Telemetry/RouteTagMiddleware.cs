using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// Tags ASP.NET Core's request metrics (<c>http.server.request.duration</c>) and the request's span
/// with the YARP route id that answered, so requests can be counted by route and status.
/// </summary>
internal sealed class RouteTagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        try
        {
            await next(context);
        }
        finally
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is { } route)
            {
                context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(GatewayTelemetry.RouteIdAttribute, route.Config.RouteId));
                activity?.SetTag(GatewayTelemetry.RouteIdAttribute, route.Config.RouteId);
            }
        }
    }
}
