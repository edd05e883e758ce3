namespace Liveness.Gateway.Face;

/// <summary>The gateway has no Face credential to send (no Entra ID token could be obtained). Clients get 503, never a 500.</summary>
internal sealed class FaceCredentialUnavailableException : Exception
{
    public FaceCredentialUnavailableException()
        : this("The gateway's Face credential is unavailable.")
    {
    }

    public FaceCredentialUnavailableException(string message)
        : base(message)
    {
    }

    public FaceCredentialUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
