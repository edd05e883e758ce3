using System.Buffers;

namespace Liveness.Policies.Sessions;

/// <summary>
/// The shapes of identifiers Face issues. Anything else is refused before it can be rewritten into
/// a Face path (no slashes, dots, percent signs or over-long values get through).
/// </summary>
public static class SessionIdentifiers
{
    /// <summary>Longest session image id accepted (Face issues 44 characters).</summary>
    public const int MaxSessionImageIdLength = 128;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>A session id is a GUID in its canonical 36-character form (Face's own form).</summary>
    public static bool IsValidSessionId(string? value) =>
        value is { Length: 36 } && Guid.TryParseExact(value, "D", out _);

    /// <summary>A session image id is 16..128 characters of the base64url alphabet.</summary>
    public static bool IsValidSessionImageId(string? value) =>
        value is { Length: >= 16 and <= MaxSessionImageIdLength } && !value.AsSpan().ContainsAnyExcept(Base64UrlAlphabet);

    /// <summary>Lower-cases a valid session id so that store keys do not depend on the client's casing.</summary>
    public static string Normalize(string sessionId) => sessionId.ToLowerInvariant();
}
