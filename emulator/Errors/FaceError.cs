namespace Liveness.Emulator.Errors;

/// <summary>The inner object of the Face error envelope.</summary>
internal sealed record FaceError(string Code, string Message);
