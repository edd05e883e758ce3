using Liveness.Gateway.Face;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Liveness.Gateway.Health;

/// <summary>The gateway can authenticate to Face: a valid key, or an Entra ID token (cached or newly obtained).</summary>
internal sealed class FaceCredentialHealthCheck(IFaceCredential credential) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await credential.CanAuthenticateAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Face credential unavailable");
}
