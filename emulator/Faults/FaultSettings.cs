namespace Liveness.Emulator.Faults;

/// <summary>
/// Body of <c>POST /emulator/faults</c> and answer of <c>GET /emulator/faults</c>. A member left out keeps
/// its current value; <c>DELETE /emulator/faults</c> clears everything.
/// </summary>
internal sealed record FaultSettings
{
    /// <summary>Added to every Face call, in real (wall-clock) milliseconds.</summary>
    public int? LatencyMs { get; init; }

    public FailNext? FailNext { get; init; }
}
