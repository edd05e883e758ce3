using System.Globalization;
using System.Text;

namespace Liveness.Gateway.Audit;

/// <summary>
/// Makes a value fit for an audit event: control and format characters (CR, LF, tabs, bidi
/// overrides, ...) and line or paragraph separators become <c>?</c>, and the value is cut to a
/// bounded length, so nothing a client sends can forge or hide a log line.
/// </summary>
internal static class AuditValue
{
    public const int MaxLength = 128;

    /// <summary>Placeholder for an absent value.</summary>
    public const string None = "-";

    public static string Clean(string? value, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return None;
        }

        var length = Math.Min(value.Length, maxLength);
        var builder = new StringBuilder(length + 1);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            builder.Append(IsUnsafe(c) ? '?' : c);
        }

        if (value.Length > maxLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary><paramref name="reason"/> as events and metrics spell it: <c>not_owner</c>.</summary>
    public static string Name(AccessDenialReason reason) => reason switch
    {
        AccessDenialReason.MissingToken => "missing_token",
        AccessDenialReason.InvalidToken => "invalid_token",
        AccessDenialReason.Forbidden => "forbidden",
        AccessDenialReason.Malformed => "malformed",
        AccessDenialReason.NotOwner => "not_owner",
        AccessDenialReason.WrongKind => "wrong_kind",
        AccessDenialReason.UnknownSession => "unknown_session",
        AccessDenialReason.ImageNotOwned => "image_not_owned",
        AccessDenialReason.LivenessRequired => "liveness_required",
        _ => reason.ToString(),
    };

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
