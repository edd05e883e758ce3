namespace Liveness.Gateway.Face;

/// <summary>Puts the gateway's own Face credential on an outgoing request. Clients never see it.</summary>
internal interface IFaceCredential
{
    /// <summary>Adds the credential; throws <see cref="FaceCredentialUnavailableException"/> when there is none to add.</summary>
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>True when a credential can be put on a request now (readiness).</summary>
    ValueTask<bool> CanAuthenticateAsync(CancellationToken cancellationToken);
}
