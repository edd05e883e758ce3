using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// OpenTelemetry for the gateway: traces (inbound request, ownership lookups, YARP's forwarder span,
/// the Face HTTP call), metrics (<see cref="GatewayMetrics"/>, ASP.NET Core, HttpClient, Polly), OTLP
/// export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and a Prometheus scrape endpoint on the
/// management port only.
/// </summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";
    public const string HealthPathPrefix = "/health";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Meters exported besides the gateway's own.</summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.RateLimiting", "Polly"];

    /// <summary>The .NET meters of outgoing calls (HttpClient, DNS): all outgoing calls go to Face, the OIDC provider or the collector.</summary>
    private static readonly string[] OutboundMeters = ["System.Net.Http", "System.Net.NameResolution"];

    /// <summary>
    /// The attributes kept on <see cref="OutboundMeters"/>' instruments: method, status, protocol, error. Their
    /// <c>server.address</c>, <c>server.port</c>, <c>network.peer.address</c> and <c>dns.question.name</c> name
    /// Face's host (the resource name) and its addresses to whoever can scrape: they are dropped. The series
    /// are few anyway (one upstream besides the identity provider), and Face's own latency is
    /// <c>liveness.gateway.face.request.duration</c>.
    /// </summary>
    private static readonly string[] OutboundTagKeys = ["http.request.method", "http.response.status_code", "network.protocol.version", "url.scheme", "error.type", "http.connection.state"];

    /// <summary>Registers telemetry: the gateway's instruments, the exporters and the management port.</summary>
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();
        builder.Services.AddHostedService<ManagementPortBinder>();
        builder.Services.TryAddSingleton<GatewayMetrics>();
        UseBatchingConsole(builder.Logging);
        StartTracesAtTheEdge(builder.Services);

        // Traces are recorded only when they go somewhere: the tracer provider (which makes every source below a
        // listened-to one, so activities are created and filled on every request) exists only with an exporter.
        // Without one, hosting still gives each request the gateway's own trace id (problem traceId, audit,
        // x-ms-client-request-id), at no recording cost. Another exporter enables it with WithTracing.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(GatewayTelemetry.SourceName, GatewayTelemetry.YarpSourceName)
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
            .AddHttpClientInstrumentation(options => options.EnrichWithHttpResponseMessage = (activity, response) =>
            {
                if (GatewayTelemetry.FaceRequestId(response) is { } requestId)
                {
                    activity.SetTag(GatewayTelemetry.FaceRequestIdAttribute, requestId);
                }
            }));
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "liveness-gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddMeter(FrameworkMeters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddView(instrument => OutboundMeters.Contains(instrument.Meter.Name, StringComparer.Ordinal) ? new MetricStreamConfiguration { TagKeys = OutboundTagKeys } : null)
                .AddPrometheusExporter());
        if (IsOtlpConfigured(builder.Configuration))
        {
            telemetry.WithTracing().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> on the management port (a branch of the pipeline, not a route: the public route
    /// table never contains it), nothing but the probes beside it there, and the route id on request metrics.
    /// </summary>
    public static WebApplication UseGatewayTelemetry(this WebApplication app)
    {
        if (IsOtlpConfigured(app.Configuration))
        {
            Log.OtlpExportEnabled(app.Logger);
        }

        app.UseMiddleware<ClientTraceLinkMiddleware>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath
            && context.Connection.LocalPort == context.RequestServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Port);
        app.UseMiddleware<ManagementPortMiddleware>();
        app.UseMiddleware<RouteTagMiddleware>();
        return app;
    }

    private static bool IsOtlpConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(HealthPathPrefix, StringComparison.Ordinal) || path.StartsWithSegments(MetricsPath, StringComparison.Ordinal);

    /// <summary>
    /// Console logging through <see cref="BatchingConsoleLoggerProvider"/> instead of the framework's provider: the
    /// same formatters and <c>Logging:Console</c> settings, a cheaper hand-off per line.
    /// </summary>
    private static void UseBatchingConsole(ILoggingBuilder logging)
    {
        logging.AddConsole(); // the formatters and options (already there in a default host; idempotent)
        var console = logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider)).ToList();
        console.ForEach(d => logging.Services.Remove(d));
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchingConsoleLoggerProvider>());
    }

    /// <summary>
    /// Every inbound request starts a trace of the gateway's own (<see cref="EdgeTracePropagator"/> for hosting).
    /// OpenTelemetry's default propagator (W3C trace context and baggage) is narrowed to trace context:
    /// with the composite default its ASP.NET Core instrumentation re-extracts the client's context
    /// (a sibling span parented on the client's trace, and <c>Baggage.Current</c> from the client's
    /// <c>baggage</c>), and its HttpClient instrumentation injects that baggage into every Face call.
    /// The propagator is process-wide; the gateway propagates nothing but <c>traceparent</c> anyway.
    /// </summary>
    private static void StartTracesAtTheEdge(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator, EdgeTracePropagator>());
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
    }
}
