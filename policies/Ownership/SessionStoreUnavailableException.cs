namespace Liveness.Policies.Ownership;

/// <summary>The session store could not answer (Redis down, timed out). Callers fail closed: 503, never a guess.</summary>
public sealed class SessionStoreUnavailableException : Exception
{
    public SessionStoreUnavailableException()
        : this("The session store is unavailable.")
    {
    }

    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    public SessionStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
