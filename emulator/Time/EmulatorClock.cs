namespace Liveness.Emulator.Time;

/// <summary>
/// The emulator's default clock: system time plus an offset that <c>POST /emulator/clock</c> moves
/// forward, so a standalone emulator can expire tokens and sessions without waiting. In-process tests
/// register a <c>FakeTimeProvider</c> instead.
/// </summary>
internal sealed class EmulatorClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, delta.Ticks);
    }
}
