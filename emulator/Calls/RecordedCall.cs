namespace Liveness.Emulator.Calls;

/// <summary>
/// One Face call as it reached the emulator. Credential headers hold <c>sha256:&lt;hex&gt;</c> of their value.
/// <see cref="Status"/> is 0 when the call's connection was dropped (fault "drop" or client gone).
/// </summary>
internal sealed record RecordedCall
{
    public required string Operation { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string Query { get; init; }

    public required int Status { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? ApimRequestId { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The body text of a non-form request (JSON, text), if any.</summary>
    public string? Body { get; init; }

    /// <summary>The text fields of a multipart or url-encoded form.</summary>
    public IReadOnlyDictionary<string, string>? Form { get; init; }

    public IReadOnlyList<RecordedFile>? Files { get; init; }
}
