using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Liveness.Policies.Identity;

/// <summary>
/// An end user, identified by the token issuer and its <c>sub</c> claim together: the same
/// <c>sub</c> from two issuers is two users.
/// </summary>
public sealed record UserId
{
    private UserId(string issuer, string subject)
    {
        Issuer = issuer;
        Subject = subject;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer}\n{subject}"));
        Key = Convert.ToHexStringLower(digest);
    }

    /// <summary>The claim name that identifies the user within its issuer (kept unmapped).</summary>
    public const string SubjectClaim = "sub";

    public string Issuer { get; }

    public string Subject { get; }

    /// <summary>A fixed-length, non-reversible key for this user: what the store records as owner.</summary>
    public string Key { get; }

    /// <summary>Reads the user from an authenticated principal; null when it has no <c>sub</c>.</summary>
    public static UserId? FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var subject = principal.FindFirst(SubjectClaim);
        if (subject is null || string.IsNullOrEmpty(subject.Value) || string.IsNullOrEmpty(subject.Issuer))
        {
            return null;
        }

        return new UserId(subject.Issuer, subject.Value);
    }

    /// <summary>Creates a user id from raw values (tests, tools).</summary>
    public static UserId Create(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return new UserId(issuer, subject);
    }

    /// <summary>
    /// A stable per-user device correlation id (a GUID derived from <see cref="Key"/>), sent to Face
    /// when the client gives none, so Face's anti-hammering sees one device per user without
    /// learning who the user is.
    /// </summary>
    public string DefaultDeviceCorrelationId()
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"device-correlation\n{Key}"));
        return new Guid(digest.AsSpan(0, 16)).ToString("D");
    }

    public override string ToString() => Key;
}
