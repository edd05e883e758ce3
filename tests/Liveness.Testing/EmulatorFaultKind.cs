namespace Liveness.Testing;

/// <summary>How the emulator fails the next Face calls (see <see cref="EmulatorControlClient.InjectFaultsAsync"/>).</summary>
public enum EmulatorFaultKind
{
    /// <summary>429, code "429", "Rate limit is exceeded.", with a <c>Retry-After</c> header.</summary>
    TooManyRequests,

    /// <summary>500 with the error envelope.</summary>
    InternalServerError,

    /// <summary>503 with the error envelope (and <c>Retry-After</c> if one is given).</summary>
    ServiceUnavailable,

    /// <summary>The TCP connection is aborted without any response: HttpClient throws HttpRequestException.</summary>
    DropConnection,
}
