using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Face;

/// <summary>
/// <c>Ocp-Apim-Subscription-Key</c> from <c>Face:ApiKey</c>, read per request from the options
/// monitor so that a rotated key (a changed secret file) is used by the next request.
/// </summary>
internal sealed class ApiKeyFaceCredential(IOptionsMonitor<FaceOptions> options) : IFaceCredential
{
    public const string HeaderName = "Ocp-Apim-Subscription-Key";

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, options.CurrentValue.ApiKey);
        return ValueTask.CompletedTask;
    }
}
