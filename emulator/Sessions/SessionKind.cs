namespace Liveness.Emulator.Sessions;

/// <summary>Which family of paths a session was created on; it is not found on the other.</summary>
internal enum SessionKind
{
    Liveness,
    LivenessWithVerify,
}
