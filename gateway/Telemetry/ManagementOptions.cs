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

    /// <summary>
    /// Host or IP address the management port listens on: <c>*</c> for every interface, <c>localhost</c>,
    /// <c>127.0.0.1</c>, a given interface's address. Unset (the default): the hosts the public URLs listen
    /// on, so a gateway whose public URLs are loopback only keeps its metrics on loopback too. Kubernetes sets
    /// <c>*</c>: Prometheus scrapes the pod's address (the NetworkPolicy limits who may).
    /// </summary>
    public string? Host { get; init; }
}
