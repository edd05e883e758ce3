namespace Liveness.Gateway.Resilience;

/// <summary>
/// How the gateway copes with a failing Face (section <c>Resilience:Face</c>). Per-route timeouts stay
/// on the YARP routes (<c>ReverseProxy:Routes:{id}:Timeout</c>) and bound everything below.
/// </summary>
internal sealed record FaceResilienceOptions
{
    public const string SectionName = "Resilience:Face";

    /// <summary>
    /// Retries of an idempotent read (GET) after a 5xx, a failed connection or an attempt timeout;
    /// default 2. Creates and deletes are never retried by the proxy: a retried create could bill twice
    /// and leave a session without an owner. 0 turns retries off.
    /// </summary>
    public int MaxRetryAttempts { get; init; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter; default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Face's <c>Retry-After</c> is honoured up to this long; a longer one is not waited for inside a
    /// request (the answer goes back to the client instead); default 2 s. Also caps backoff delays.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>One attempt's limit, so a hung connection can be retried within the route's timeout; default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed Face calls (5xx, no answer, attempt timeout) in <see cref="SamplingDuration"/> that opens the circuit; default 0.5.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed in <see cref="SamplingDuration"/> before the circuit may open; default 20 (a handful of failures on a quiet gateway is not an outage).</summary>
    public int MinimumThroughput { get; init; } = 20;

    /// <summary>Window over which failures are counted; default 30 s.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit answers 503 without calling Face before one probe call is let
    /// through (success closes it, failure opens it again); default 5 s.
    /// </summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}
