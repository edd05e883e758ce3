using System.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// Keeps a client's W3C <c>traceparent</c> as a link on the gateway's request span, so a client's trace
/// can be joined to the gateway's without the gateway's trace (and its audit events) carrying the
/// client's ids (<see cref="EdgeTracePropagator"/>). The client's <c>tracestate</c> is not kept.
/// </summary>
internal sealed class ClientTraceLinkMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is { } activity
            && context.Request.Headers.TryGetValue(HeaderNames.TraceParent, out var values)
            && values.Count == 1
            && ActivityContext.TryParse(values[0], traceState: null, isRemote: true, out var client))
        {
            activity.AddLink(new ActivityLink(client));
        }

        return next(context);
    }
}
