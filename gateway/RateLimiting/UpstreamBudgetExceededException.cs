namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The Face budget had no permit for an attempt (<see cref="UpstreamBudgetGate"/>), so the gateway did not call
/// Face. Not a failure of Face: it is neither retried nor counted by the circuit breaker. A client's request is
/// answered 429 <c>UpstreamBudget</c> with <c>Retry-After</c> (<c>Resilience/UpstreamRefusal</c>); the gateway's
/// own call reports that Face did not confirm it (<c>Face/FaceSessionClient</c>).
/// </summary>
internal sealed class UpstreamBudgetExceededException : Exception
{
    public UpstreamBudgetExceededException()
        : this("The Face budget has no permit for this call.")
    {
    }

    public UpstreamBudgetExceededException(TimeSpan retryAfter)
        : this($"The Face budget has no permit for this call; one may free in {RateLimitRejection.RetryAfterSeconds(retryAfter)} s.") =>
        RetryAfter = retryAfter;

    public UpstreamBudgetExceededException(string message)
        : base(message)
    {
    }

    public UpstreamBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long until a permit may free (a lower bound: another caller may take it first).</summary>
    public TimeSpan RetryAfter { get; }
}
