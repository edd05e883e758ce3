namespace Liveness.Emulator.Sessions;

/// <summary>Session and attempt status; the member names are the wire values.</summary>
internal enum OperationState
{
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
