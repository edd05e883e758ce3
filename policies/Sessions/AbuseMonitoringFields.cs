namespace Liveness.Policies.Sessions;

/// <summary>
/// The create fields of Face's abuse monitoring (API <c>v1.3-preview.1</c>), every one the gateway's, never the
/// client's: the user's derived <c>userCorrelationId</c>, the end user's IP as seen through the trusted proxies
/// (<c>expectedClientIpAddress</c>; null when unknown) and <c>numberOfClientAttemptsAllowed</c>
/// (<see cref="SessionPolicyOptions.NumberOfClientAttemptsAllowed"/>).
/// </summary>
public sealed record AbuseMonitoringFields(string UserCorrelationId, string? ExpectedClientIpAddress, int NumberOfClientAttemptsAllowed);
