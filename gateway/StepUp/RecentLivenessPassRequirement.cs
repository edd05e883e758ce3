using Microsoft.AspNetCore.Authorization;

namespace Liveness.Gateway.StepUp;

/// <summary>The caller passed a liveness check recently enough for the liveness policy <paramref name="PolicyName"/>.</summary>
internal sealed record RecentLivenessPassRequirement(string PolicyName) : IAuthorizationRequirement;
