namespace Liveness.Gateway.Face;

/// <summary>Adds the gateway's Face credential to each attempt of a Face call (<see cref="FaceHttpPipeline"/>).</summary>
internal sealed class FaceCredentialHandler(IFaceCredential credential) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await credential.ApplyAsync(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
