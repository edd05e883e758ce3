namespace Liveness.Gateway.Telemetry;

/// <summary>The management port (section <c>Management</c>): Prometheus scrapes <c>/metrics</c> there and nowhere else.</summary>
internal sealed record ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>
    /// Port Kestrel listens on, in addition to the public URLs, for <c>/metrics</c> (and the health
    /// probes); default 8081. Nothing else is served on it, and <c>/metrics</c> is not served on the
    /// public port. Keep it off the Ingress and open it to the monitoring namespace only.
    /// </summary>
    public int Port { get; init; } = 8081;
}
