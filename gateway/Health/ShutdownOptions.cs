namespace Liveness.Gateway.Health;

/// <summary>How the gateway stops (section <c>Shutdown</c>).</summary>
internal sealed record ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// The whole stop, from SIGTERM to exit: <see cref="ReadinessDelay"/>, then requests in flight
    /// finishing (new connections are refused). What is still running then is aborted. Sets the host's
    /// shutdown timeout; default 25 s. Keep it below Kubernetes' <c>terminationGracePeriodSeconds</c>
    /// (minus any preStop sleep).
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// After SIGTERM, how long readiness answers 503 while the gateway still accepts new requests, so
    /// load balancers stop sending before connections are refused; default 5 s, part of <see cref="DrainTimeout"/>.
    /// </summary>
    public TimeSpan ReadinessDelay { get; init; } = TimeSpan.FromSeconds(5);
}
