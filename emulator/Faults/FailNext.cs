namespace Liveness.Emulator.Faults;

/// <summary>The next <see cref="Count"/> Face calls fail as <see cref="Kind"/>: "429", "500", "503", "drop" or "error".</summary>
internal sealed record FailNext
{
    public int Count { get; init; } = 1;

    public string Kind { get; init; } = "500";

    /// <summary>The <c>Retry-After</c> seconds of a 429 (default 1) or 503 (none by default).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Kind "error": the status (400 to 599) of the error envelope.</summary>
    public int? Status { get; init; }

    /// <summary>Kind "error": the envelope's <c>code</c> (also sent as <c>x-ms-error-code</c>, so printable ASCII).</summary>
    public string? Code { get; init; }

    /// <summary>Kind "error": the envelope's <c>message</c>, any text.</summary>
    public string? Message { get; init; }

    /// <summary>Whether a kind "error" names its status, code and message.</summary>
    public bool IsCompleteError() => Kind != FaultKinds.Error || (Status is >= 400 and <= 599 && Code is { Length: > 0 } && Code.All(c => c is >= ' ' and <= '~') && Message is not null);
}
