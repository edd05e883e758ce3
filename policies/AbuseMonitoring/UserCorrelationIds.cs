using System.Security.Cryptography;
using System.Text;
using Liveness.Policies.Identity;

namespace Liveness.Policies.AbuseMonitoring;

/// <summary>
/// The <c>userCorrelationId</c> Face's abuse monitoring (API <c>v1.3-preview.1</c>) groups one end user's sessions by:
/// HMAC-SHA256, keyed with the deployment's correlation secret, of the user's key (<see cref="UserId.Key"/>, itself a
/// digest of issuer and <c>sub</c>) and the user's salt (<see cref="IUserCorrelationStore"/>), shaped as the GUID Face
/// asks for (an RFC 9562 version 8 UUID). Face never learns who the user is, nobody without the secret can link the
/// value to a user, and a new salt gives the same user an unrelated value.
/// </summary>
public static class UserCorrelationIds
{
    /// <summary>The shortest secret accepted: 32 bytes, the HMAC-SHA256 block's half.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The user's <c>userCorrelationId</c> under <paramref name="secret"/> and <paramref name="salt"/> (null: never reset).</summary>
    public static string Derive(ReadOnlySpan<byte> secret, UserId user, string? salt)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"The correlation secret must be at least {MinSecretBytes} bytes.", nameof(secret));
        }

        var digest = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"user-correlation\n{user.Key}\n{salt}"));
        var bytes = digest.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a custom (here, keyed-hash) UUID
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // the RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
