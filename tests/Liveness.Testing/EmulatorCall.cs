namespace Liveness.Testing;

/// <summary>
/// One Face call as it reached the emulator. <see cref="Headers"/> is case-insensitive; the credential
/// headers (<c>Ocp-Apim-Subscription-Key</c>, <c>Authorization</c>, <c>Cookie</c>) hold only
/// <c>sha256:&lt;hex&gt;</c> of their value (compare with <see cref="EmulatorCalls.HashCredential"/>).
/// <see cref="Status"/> is 0 when the connection was dropped.
/// </summary>
public sealed record EmulatorCall
{
    public required string Operation { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>The raw query string, with its leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = string.Empty;

    public int Status { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The <c>apim-request-id</c> the emulator answered this call with.</summary>
    public string? ApimRequestId { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body text of a JSON (or other non-form) request.</summary>
    public string? Body { get; init; }

    /// <summary>The text fields of a multipart form.</summary>
    public IReadOnlyDictionary<string, string>? Form { get; init; }

    public IReadOnlyList<EmulatorCallFile>? Files { get; init; }

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
