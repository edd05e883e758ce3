using System.Text.Json.Serialization;

namespace Liveness.Gateway.Proxy;

/// <summary>Source-generated System.Text.Json metadata for <see cref="LivenessSessionResult"/> (no reflection per answer).</summary>
[JsonSerializable(typeof(LivenessSessionResult))]
internal sealed partial class FaceAnswerJsonContext : JsonSerializerContext;
