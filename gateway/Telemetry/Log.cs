namespace Liveness.Gateway.Telemetry;

/// <summary>Log events of telemetry (5xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Management port {Port} ({Addresses}): Prometheus metrics at /metrics (and the health probes); nothing else is served there.")]
    public static partial void ManagementPort(ILogger logger, int port, string addresses);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "OpenTelemetry: traces, metrics and logs are exported by OTLP (OTEL_EXPORTER_OTLP_ENDPOINT is set).")]
    public static partial void OtlpExportEnabled(ILogger logger);
}
