using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Liveness.Gateway.Tests.Telemetry;

/// <summary>OTLP export happens when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and only then (a collector stand-in on loopback counts what arrives).</summary>
public sealed class OtlpExportTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] Signals = ["/v1/traces", "/v1/metrics", "/v1/logs"];

    [Fact]
    public async Task EndpointSet_TracesMetricsAndLogsExported()
    {
        await using var collector = await Collector.StartAsync();
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/liveness/sessions")).StatusCode);

        for (var attempt = 0; attempt < 50 && !Signals.All(collector.Received.ContainsKey); attempt++)
        {
            await Task.Delay(200); // exporters send in the background, in batches
        }

        Assert.All(Signals, signal => Assert.True(collector.Received.ContainsKey(signal), $"{signal} not exported; received: {string.Join(", ", collector.Received.Keys)}"));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 5002);
    }

    [Fact]
    public async Task EndpointUnset_NothingExported_EvenWithSignalEndpointsSet()
    {
        await using var collector = await Collector.StartAsync();
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            // Only OTEL_EXPORTER_OTLP_ENDPOINT turns export on; were the exporter always registered, these would be used.
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = $"{collector.Address}/v1/traces",
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = $"{collector.Address}/v1/metrics",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/liveness/sessions")).StatusCode);
        await Task.Delay(1500); // several export intervals of the settings above

        Assert.Empty(collector.Received);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId.Id == 5002);
    }

    /// <summary>An OTLP/HTTP collector stand-in: answers 200 to every export and counts them by path.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Collector(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public ConcurrentDictionary<string, int> Received { get; } = new(StringComparer.Ordinal);

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            var port = FreePort.Next();
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            var app = builder.Build();
            var collector = new Collector(app, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            app.Run(context =>
            {
                collector.Received.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, count) => count + 1);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return Task.CompletedTask;
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
