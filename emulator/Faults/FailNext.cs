namespace Liveness.Emulator.Faults;

/// <summary>The next <see cref="Count"/> Face calls fail as <see cref="Kind"/>: "429", "500", "503" or "drop".</summary>
internal sealed record FailNext
{
    public int Count { get; init; } = 1;

    public string Kind { get; init; } = "500";

    /// <summary>The <c>Retry-After</c> seconds of a 429 (default 1) or 503 (none by default).</summary>
    public int? RetryAfterSeconds { get; init; }
}
