namespace Liveness.Emulator.Sessions;

internal sealed record FaceRectangle(int Top, int Left, int Width, int Height);
