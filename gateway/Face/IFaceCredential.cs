namespace Liveness.Gateway.Face;

/// <summary>Puts the gateway's own Face credential on an outgoing request. Clients never see it.</summary>
internal interface IFaceCredential
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
