namespace Liveness.Emulator.Sessions;

/// <summary>
/// A liveness session as the service returns it. <see cref="ModelVersion"/> is absent while the session
/// is <c>Running</c>; <see cref="AuthToken"/> is the JWT on create and <c>""</c> afterwards.
/// </summary>
internal sealed record LivenessSession(string SessionId, string AuthToken, string Status, string? ModelVersion, LivenessSessionResults Results);
