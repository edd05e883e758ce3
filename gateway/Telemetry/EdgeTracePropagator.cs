using System.Diagnostics;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// The propagator ASP.NET Core hosting reads an inbound request's trace context with: it reads none.
/// A client's <c>traceparent</c>, <c>tracestate</c>, <c>baggage</c> (and the legacy <c>Request-Id</c>)
/// come from outside the trust boundary, so every request starts a trace of the gateway's own. Nothing
/// the client sent then becomes the trace id of the audit events and problems, the
/// <c>x-ms-client-request-id</c> sent to Face, or the baggage and trace state HttpClient forwards to Face.
/// The client's <c>traceparent</c> is kept as a span link only (<see cref="ClientTraceLinkMiddleware"/>).
/// Hosting never injects with it; outgoing calls use <see cref="DistributedContextPropagator.Current"/>.
/// </summary>
internal sealed class EdgeTracePropagator : DistributedContextPropagator
{
    public override IReadOnlyCollection<string> Fields { get; } = [];

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
}
