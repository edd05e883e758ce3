using Microsoft.Extensions.Logging;

namespace Liveness.Testing;

/// <summary>One captured log entry.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values, string? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}] {Message} {string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"))} {Exception}";
}
