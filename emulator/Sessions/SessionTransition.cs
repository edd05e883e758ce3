namespace Liveness.Emulator.Sessions;

/// <summary>The outcome of a client-side step on a session.</summary>
internal enum SessionTransition
{
    Done,
    AlreadyFinished,
    TokenExpired,
}
