namespace Liveness.Emulator.Control;

/// <summary>The verification outcome of an attempt on a liveness-with-verify session.</summary>
internal sealed record AttemptVerify
{
    /// <summary>0..1; defaults to a plausible match (0.93).</summary>
    public float? MatchConfidence { get; init; }

    /// <summary>Defaults to matchConfidence at or above the session's verifyConfidenceThreshold (0.5 when unset).</summary>
    public bool? IsIdentical { get; init; }
}
