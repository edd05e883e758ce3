namespace Liveness.Gateway.Face;

/// <summary>How the gateway authenticates to Face (<c>Face:Credential</c>).</summary>
internal enum FaceCredentialKind
{
    /// <summary><c>Ocp-Apim-Subscription-Key</c> from <c>Face:ApiKey</c>.</summary>
    ApiKey,

    /// <summary>Microsoft Entra ID bearer tokens (keyless; workload identity on AKS).</summary>
    EntraId,
}
