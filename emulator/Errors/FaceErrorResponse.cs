namespace Liveness.Emulator.Errors;

/// <summary>The Face error envelope: <c>{"error":{"code","message"}}</c>.</summary>
internal sealed record FaceErrorResponse(FaceError Error);
