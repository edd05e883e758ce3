namespace Liveness.Gateway.Assertions;

/// <summary>A signed liveness assertion (compact JWS) and when it expires (its <c>exp</c>).</summary>
internal sealed record LivenessAssertion(string Token, DateTimeOffset ExpiresAt);
