namespace Liveness.Emulator.Control;

/// <summary>
/// The control API's prefix. It is not under <c>/face</c>, so it can never collide with a Face path,
/// and none of the Face edge behaviour (key, faults, call counting, billing) applies to it.
/// </summary>
internal static class ControlRoutes
{
    public const string Prefix = "/emulator";
}
