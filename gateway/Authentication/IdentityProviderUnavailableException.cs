namespace Liveness.Gateway.Authentication;

/// <summary>
/// The identity provider's discovery document or signing keys could not be had, and no keys were
/// ever loaded: no token can be checked. Answered as <c>503 IdentityProviderUnavailable</c> with
/// <c>Retry-After</c>, never as a bad token.
/// </summary>
internal sealed class IdentityProviderUnavailableException : Exception
{
    public IdentityProviderUnavailableException()
        : this("The identity provider's signing keys are not available.", TimeSpan.FromSeconds(1))
    {
    }

    public IdentityProviderUnavailableException(string message)
        : this(message, TimeSpan.FromSeconds(1))
    {
    }

    public IdentityProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    public IdentityProviderUnavailableException(string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>When the gateway tries the provider again (at least one second).</summary>
    public TimeSpan RetryAfter { get; }
}
