using System.Text.Json.Serialization;

namespace Liveness.Gateway.Sessions;

/// <summary>The answer of <c>DELETE /api/liveness/sessions</c> once the caller's sessions are erased.</summary>
/// <param name="Deleted">How many sessions this call deleted at Face and removed at the gateway (0 when none was left).</param>
internal sealed record ErasedSessions([property: JsonNumberHandling(JsonNumberHandling.Strict)] int Deleted);
