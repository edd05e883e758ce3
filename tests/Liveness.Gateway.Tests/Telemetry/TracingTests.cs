using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>
/// One trace across a proxied read: the inbound request, the ownership lookup, YARP's forwarder and the Face
/// call. The trace is the gateway's own: a client's trace context is at most a link, and never reaches Face.
/// </summary>
public sealed class TracingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Read_Traced_SpansInboundOwnershipForwarderAndFaceCall_WithFaceRequestId()
    {
        var exported = new LockedCollection<Activity>();
        await using var gateway = fixture.CreateGateway(services: services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString();
        var clientTrace = ActivityTraceId.CreateRandom();
        using var request = Traced(HttpMethod.Get, $"/api/liveness/sessions/{sessionId}", clientTrace);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var faceRequestId = Assert.Single(response.Headers.GetValues("apim-request-id"));
        var spans = await GatewayTraceLinkedToAsync(exported, clientTrace);
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
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var probeTrace = ActivityTraceId.CreateRandom();
        var apiTrace = ActivityTraceId.CreateRandom();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Traced(HttpMethod.Get, "/health/ready", probeTrace))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Traced(HttpMethod.Get, "/api/liveness/sessions", apiTrace))).StatusCode);

        // Spans are exported as they end: once the later request's span is there, the probe's would be too.
        Assert.NotEmpty(await GatewayTraceLinkedToAsync(exported, apiTrace));
        Assert.DoesNotContain(exported.Snapshot(), s => s.TraceId == probeTrace || s.Links.Any(l => l.Context.TraceId == probeTrace));
    }

    [Fact]
    public async Task Create_ClientTraceContextAndBaggage_NeitherReachFace_GatewayTraceLinksClients()
    {
        var exported = new LockedCollection<Activity>();
        await using var gateway = fixture.CreateGateway(services: services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var clientTrace = ActivityTraceId.CreateRandom();
        using var request = Traced(HttpMethod.Post, "/api/liveness/sessions", clientTrace);
        request.Content = JsonContent.Create(new { });
        request.Headers.Add("tracestate", "client=opaque-state");
        request.Headers.Add("baggage", "authorization=Bearer%20baggage-secret,user=alice");

        var response = await client.SendAsync(request);

        await response.ReadJsonAsync(HttpStatusCode.Created);
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        Assert.Null(call.Header("baggage"));
        Assert.Null(call.Header("tracestate"));
        Assert.DoesNotContain(call.Headers.Values, value => value.Contains("baggage-secret", StringComparison.Ordinal));
        var faceTrace = ActivityContext.Parse(call.Header("traceparent") ?? "missing", null).TraceId;
        Assert.NotEqual(clientTrace, faceTrace);
        Assert.Equal(faceTrace.ToHexString(), call.Header("x-ms-client-request-id"));
        var spans = await GatewayTraceLinkedToAsync(exported, clientTrace);
        var inbound = Assert.Single(spans, IsInbound);
        Assert.Equal(faceTrace, inbound.TraceId);
        Assert.Equal(default, inbound.ParentSpanId);
        Assert.Equal(clientTrace, Assert.Single(inbound.Links).Context.TraceId);
        Assert.DoesNotContain(exported.Snapshot(), s => s.TraceId == clientTrace);
    }

    [Fact]
    public async Task NoExporter_NoTracerProvider_FaceStillGetsTheGatewaysOwnTraceId()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var clientTrace = ActivityTraceId.CreateRandom();
        using var request = Traced(HttpMethod.Post, "/api/liveness/sessions", clientTrace);
        request.Content = JsonContent.Create(new { });

        await (await client.SendAsync(request)).ReadJsonAsync(HttpStatusCode.Created);

        // Nothing records activities when nothing exports them (every request would pay for spans thrown away).
        Assert.Null(gateway.Services.GetService<TracerProvider>());
        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessSession);
        var faceTrace = call.Header("x-ms-client-request-id");
        Assert.Matches("^[0-9a-f]{32}$", faceTrace);
        Assert.NotEqual(clientTrace.ToHexString(), faceTrace);
    }

    [Fact]
    public async Task UnknownSession_ClientTraceparent_ProblemAndAuditCarryGatewayTraceOnly()
    {
        await using var gateway = fixture.CreateGateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var clientTrace = ActivityTraceId.CreateRandom();

        var response = await client.SendAsync(Traced(HttpMethod.Get, $"/api/liveness/sessions/{Guid.NewGuid()}", clientTrace));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var problemTrace = problem.GetProperty("traceId").GetString()!;
        Assert.DoesNotContain(clientTrace.ToHexString(), problemTrace, StringComparison.Ordinal);
        var denied = Assert.Single(gateway.Logs.Entries, e => e.Category == "Liveness.Gateway.Audit" && e.EventId.Id == 6004);
        var auditTrace = (string)denied.Values["TraceId"]!;
        Assert.Matches("^[0-9a-f]{32}$", auditTrace);
        Assert.NotEqual(clientTrace.ToHexString(), auditTrace);
        Assert.Contains(auditTrace, problemTrace, StringComparison.Ordinal); // still correlated with each other
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

    /// <summary>
    /// The exported spans of the gateway's trace whose request span links to the client's <paramref name="clientTrace"/>,
    /// once that span is exported (spans end after the response); empty if none is.
    /// </summary>
    private static async Task<List<Activity>> GatewayTraceLinkedToAsync(LockedCollection<Activity> exported, ActivityTraceId clientTrace)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var snapshot = exported.Snapshot();
            if (snapshot.FirstOrDefault(s => IsInbound(s) && s.Links.Any(l => l.Context.TraceId == clientTrace)) is { } inbound)
            {
                return [.. snapshot.Where(s => s.TraceId == inbound.TraceId)];
            }

            await Task.Delay(100); // the server span ends just after the client has its answer
        }

        return [];
    }
}
