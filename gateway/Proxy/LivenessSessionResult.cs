using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway reads from a Face session answer (<c>LivenessSession</c> /
/// <c>LivenessWithVerifySession</c> in the Azure.AI.Vision.Face SDK): the session id, its status, the model and, of
/// each attempt, the decision, the digest, the session image and the verify match. Everything else Face sent passes
/// to the client untouched (in the <see cref="ClientResultView.Full"/> view): the answer is forwarded as the bytes
/// Face sent, never parsed into a DOM and written again. Enums stay open strings (real answers use values the spec
/// does not list).
/// </summary>
internal sealed record LivenessSessionResult(
    [property: JsonPropertyName("sessionId")] string? SessionId,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("modelVersion")] string? ModelVersion,
    [property: JsonPropertyName("results")] LivenessSessionResult.Attempts? Results)
{
    /// <summary>The status of a session that finished with a decision.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The session's attempts, or none.</summary>
    public IReadOnlyList<Attempt> AllAttempts => Results?.Items ?? [];

    /// <summary>The result of the latest attempt that has one (the one a decision is taken on), or null.</summary>
    public AttemptResult? Latest => AllAttempts.LastOrDefault(attempt => attempt.Result is not null)?.Result;

    /// <summary>
    /// The decision a client may be shown and a verdict records: the latest attempt's <c>livenessDecision</c> of a
    /// session that succeeded; null for one that failed or was canceled, whatever an earlier attempt said.
    /// </summary>
    public string? Decision => Status == Succeeded ? Latest?.LivenessDecision : null;

    /// <summary>For a verify session that succeeded, whether the face is the reference's; null otherwise.</summary>
    public bool? IsIdentical => Status == Succeeded ? Latest?.VerifyResult?.IsIdentical : null;

    /// <summary>
    /// The owner's verdict of this final result, learned from Face (<paramref name="kind"/> is the one the session was
    /// created with, from the store), first seen final at <paramref name="decidedAt"/>.
    /// </summary>
    public LivenessVerdict ToVerdict(string sessionId, SessionKind kind, DateTimeOffset decidedAt)
    {
        var verify = kind == SessionKind.LivenessWithVerify && Status == Succeeded ? Latest?.VerifyResult : null;
        return new LivenessVerdict(sessionId, kind, Decision, verify?.IsIdentical, verify?.MatchConfidence, ModelVersion, Status == Succeeded ? Latest?.Digest : null, decidedAt);
    }

    /// <summary>
    /// The <see cref="ClientResultView.Decision"/> view: <c>sessionId</c>, <c>status</c>, <c>decision</c> and, for a
    /// verify session, <c>isIdentical</c>; nothing else Face sent.
    /// </summary>
    public byte[] ToDecisionView(string sessionId, SessionKind kind)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", sessionId);
            writer.WriteString("status", Status);
            writer.WriteString("decision", Decision);
            if (kind == SessionKind.LivenessWithVerify)
            {
                writer.WritePropertyName("isIdentical");
                if (IsIdentical is { } identical)
                {
                    writer.WriteBooleanValue(identical);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

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
        [property: JsonPropertyName("verifyResult")] VerifyResult? VerifyResult,
        [property: JsonPropertyName("digest")] string? Digest);

    internal sealed record VerifyResult(
        [property: JsonPropertyName("isIdentical")] bool? IsIdentical,
        [property: JsonPropertyName("matchConfidence")] double? MatchConfidence);
}
