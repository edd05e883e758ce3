using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway reads from a Face session answer (<c>LivenessSession</c> /
/// <c>LivenessWithVerifySession</c> in the Azure.AI.Vision.Face SDK): the session id, its status, the model and, of
/// each attempt, the decision, the digest, the session image, the verify match and (API <c>v1.3-preview.1</c>) whether
/// Face's abuse monitoring detected abuse. Everything else Face sent passes
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

    /// <summary>
    /// Whether Face's abuse monitoring reported <c>isAbuseDetected</c> on any attempt (the session as a whole is then
    /// never a pass, whichever attempt decided); false when Face reported no abuse monitoring (API <c>v1.2</c>).
    /// </summary>
    public bool IsAbuseDetected => AllAttempts.Any(static attempt => attempt.AbuseMonitoring?.IsAbuseDetected == true);

    /// <summary>For a verify session that succeeded, whether the face is the reference's; null otherwise.</summary>
    public bool? IsIdentical => Status == Succeeded ? Latest?.VerifyResult?.IsIdentical : null;

    /// <summary>
    /// The owner's verdict of this final result, learned from Face (<paramref name="kind"/> is the one the session was
    /// created with, from the store), first seen final at <paramref name="decidedAt"/>.
    /// </summary>
    public LivenessVerdict ToVerdict(string sessionId, SessionKind kind, DateTimeOffset decidedAt)
    {
        var verify = kind == SessionKind.LivenessWithVerify && Status == Succeeded ? Latest?.VerifyResult : null;
        return new LivenessVerdict(sessionId, kind, Decision, verify?.IsIdentical, verify?.MatchConfidence, ModelVersion, Status == Succeeded ? Latest?.Digest : null, decidedAt, IsAbuseDetected);
    }

    /// <summary>
    /// The <see cref="ClientResultView.Decision"/> view: <c>sessionId</c>, <c>status</c>, <c>decision</c> and, for a
    /// verify session, <c>isIdentical</c>; nothing else Face sent. A session in which Face's abuse monitoring detected
    /// abuse shows no decision (<c>null</c>, as a session that ended without one): it is never a pass, and the client
    /// is not told why.
    /// </summary>
    public byte[] ToDecisionView(string sessionId, SessionKind kind)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", sessionId);
            writer.WriteString("status", Status);
            writer.WriteString("decision", IsAbuseDetected ? null : Decision);
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

    internal sealed record Attempt(
        [property: JsonPropertyName("result")] AttemptResult? Result,
        [property: JsonPropertyName("abuseMonitoringResult")] AbuseMonitoringResult? AbuseMonitoring = null);

    internal sealed record AbuseMonitoringResult([property: JsonPropertyName("isAbuseDetected")] bool? IsAbuseDetected);

    internal sealed record AttemptResult(
        [property: JsonPropertyName("livenessDecision")] string? LivenessDecision,
        [property: JsonPropertyName("sessionImageId")] string? SessionImageId,
        [property: JsonPropertyName("verifyResult")] VerifyResult? VerifyResult,
        [property: JsonPropertyName("digest")] string? Digest);

    internal sealed record VerifyResult(
        [property: JsonPropertyName("isIdentical")] bool? IsIdentical,
        [property: JsonPropertyName("matchConfidence")] double? MatchConfidence);
}
