using System.Text.Json;
using System.Text.Json.Serialization;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway reads from a Face session answer (<c>LivenessSession</c> /
/// <c>LivenessWithVerifySession</c> in the Azure.AI.Vision.Face SDK): the session id, its status and, of each
/// attempt, the decision, the session image and the verify match. Everything else Face sent passes to the
/// client untouched: the answer is forwarded as the bytes Face sent, never parsed into a DOM and written again.
/// Enums stay open strings (real answers use values the spec does not list).
/// </summary>
internal sealed record LivenessSessionResult(
    [property: JsonPropertyName("sessionId")] string? SessionId,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("results")] LivenessSessionResult.Attempts? Results)
{
    /// <summary>The session's attempts, or none.</summary>
    public IReadOnlyList<Attempt> AllAttempts => Results?.Items ?? [];

    /// <summary>The result of the latest attempt that has one (the one a decision is taken on), or null.</summary>
    public AttemptResult? Latest => AllAttempts.LastOrDefault(attempt => attempt.Result is not null)?.Result;

    /// <summary>Reads <paramref name="json"/>; null when it is not a JSON object of this shape (a string where one is expected, and so on).</summary>
    public static LivenessSessionResult? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, FaceAnswerJsonContext.Default.LivenessSessionResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed record Attempts([property: JsonPropertyName("attempts")] IReadOnlyList<Attempt>? Items);

    internal sealed record Attempt([property: JsonPropertyName("result")] AttemptResult? Result);

    internal sealed record AttemptResult(
        [property: JsonPropertyName("livenessDecision")] string? LivenessDecision,
        [property: JsonPropertyName("sessionImageId")] string? SessionImageId,
        [property: JsonPropertyName("verifyResult")] VerifyResult? VerifyResult);

    internal sealed record VerifyResult([property: JsonPropertyName("isIdentical")] bool? IsIdentical);
}
