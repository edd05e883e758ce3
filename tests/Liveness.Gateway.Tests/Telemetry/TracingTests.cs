using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>One trace across a proxied read: the inbound request, the ownership lookup, YARP's forwarder and the Face call.</summary>
public sealed class TracingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Read_Traced_SpansInboundOwnershipForwarderAndFaceCall_WithFaceRequestId()
    {
        var exported = new LockedCollection<Activity>();
        await using var gateway = fixture.CreateGateway(services: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = Traced(HttpMethod.Get, $"/api/liveness/sessions/{sessionId}", traceId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var faceRequestId = Assert.Single(response.Headers.GetValues("apim-request-id"));
        var spans = await SpansOfAsync(exported, traceId, IsInbound);
        var inbound = Assert.Single(spans, IsInbound);
        Assert.Equal(ActivityKind.Server, inbound.Kind);
        Assert.Equal("liveness-read", inbound.GetTagItem("liveness.route_id"));
        var lookup = Assert.Single(spans, s => s.Source.Name == "Liveness.Gateway" && s.OperationName == "liveness.ownership.find");
        Assert.Equal(true, lookup.GetTagItem("liveness.store.found"));
        Assert.Equal("redis", lookup.GetTagItem("liveness.store.backend"));
        var forwarder = Assert.Single(spans, s => s.Source.Name == "Yarp.ReverseProxy");
        Assert.Equal(faceRequestId, forwarder.GetTagItem("face.apim_request_id"));
        var faceCall = Assert.Single(spans, s => s.Source.Name == "System.Net.Http");
        Assert.Equal(faceRequestId, faceCall.GetTagItem("face.apim_request_id"));
        Assert.Equal(ActivityKind.Client, faceCall.Kind);
        Assert.Equal(inbound.SpanId, forwarder.ParentSpanId); // YARP's span covers the proxy pipeline:
        Assert.Equal(forwarder.SpanId, lookup.ParentSpanId);  // the ownership lookup,
        Assert.Equal(forwarder.SpanId, faceCall.ParentSpanId); // then the call to Face.
    }

    [Fact]
    public async Task HealthProbe_NotTraced()
    {
        var exported = new LockedCollection<Activity>();
        await using var gateway = fixture.CreateGateway(services: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var probeTrace = ActivityTraceId.CreateRandom();
        var apiTrace = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Traced(HttpMethod.Get, "/health/ready", probeTrace))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Traced(HttpMethod.Get, "/api/liveness/sessions", apiTrace))).StatusCode);

        // Spans are exported as they end: once the later request's span is there, the probe's would be too.
        Assert.NotEmpty(await SpansOfAsync(exported, apiTrace, IsInbound));
        Assert.DoesNotContain(exported.Snapshot(), s => s.TraceId == probeTrace);
    }

    /// <summary>The gateway's server span (the emulator, in this process too, records its own for the Face call).</summary>
    private static bool IsInbound(Activity span) =>
        span.Source.Name == "Microsoft.AspNetCore" && span.DisplayName.Contains("/api/", StringComparison.Ordinal);

    private static HttpRequestMessage Traced(HttpMethod method, string path, ActivityTraceId traceId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }

    /// <summary>The exported spans of <paramref name="traceId"/>, once one of them satisfies <paramref name="complete"/> (spans end after the response).</summary>
    private static async Task<List<Activity>> SpansOfAsync(LockedCollection<Activity> exported, ActivityTraceId traceId, Func<Activity, bool> complete)
    {
        List<Activity> spans = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            spans = [.. exported.Snapshot().Where(s => s.TraceId == traceId)];
            if (spans.Any(complete))
            {
                break;
            }

            await Task.Delay(100); // the server span ends just after the client has its answer
        }

        return spans;
    }
}
