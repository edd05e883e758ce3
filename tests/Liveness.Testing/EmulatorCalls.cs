using System.Security.Cryptography;
using System.Text;

namespace Liveness.Testing;

/// <summary>
/// What <c>GET /emulator/calls</c> reports: every Face call counted per operation (all statuses), and
/// the last 1000 calls, oldest first.
/// </summary>
public sealed record EmulatorCalls(int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<EmulatorCall> Requests)
{
    /// <summary>How many calls of <paramref name="operation"/> (an <see cref="EmulatorOperations"/> name) arrived.</summary>
    public int Count(string operation) => Counts.TryGetValue(operation, out var count) ? count : 0;

    /// <summary>The form the emulator records a credential header value in: <c>sha256:</c> + lower-case hex.</summary>
    public static string HashCredential(string value) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
