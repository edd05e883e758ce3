using System.Security.Cryptography;
using System.Text;

namespace Liveness.Emulator.Authentication;

/// <summary>Compares secrets in constant time (hashing first, so the length leaks nothing either).</summary>
internal static class CredentialComparer
{
    public static bool Matches(string? presented, string? expected)
    {
        if (presented is null || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
