namespace Liveness.Emulator.Time;

/// <summary>Body of <c>POST /emulator/clock</c>.</summary>
internal sealed record ClockAdvance(double AdvanceSeconds);
