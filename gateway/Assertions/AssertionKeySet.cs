using System.Text.Json;

namespace Liveness.Gateway.Assertions;

/// <summary>The signing keys in force: the first signs, all are published (the JWK Set is serialized once, here).</summary>
internal sealed class AssertionKeySet
{
    public AssertionKeySet(IReadOnlyList<AssertionSigningKey> keys, bool isEphemeral)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        Keys = keys;
        IsEphemeral = isEphemeral;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                key.WritePublicJwk(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        JwkSet = buffer.ToArray();
    }

    public IReadOnlyList<AssertionSigningKey> Keys { get; }

    /// <summary>The key new assertions are signed with.</summary>
    public AssertionSigningKey Signing => Keys[0];

    /// <summary>True for Development's key generated at startup (no key configured).</summary>
    public bool IsEphemeral { get; }

    /// <summary>The public keys as a JWK Set (RFC 7517), UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> JwkSet { get; }

    /// <summary>The key ids, in order, for logs.</summary>
    public string KeyIds => string.Join(", ", Keys.Select(k => k.KeyId));
}
