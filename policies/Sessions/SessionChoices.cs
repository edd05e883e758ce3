namespace Liveness.Policies.Sessions;

/// <summary>What a client may choose for a new session; everything else comes from <see cref="SessionPolicyOptions"/>.</summary>
/// <param name="LivenessOperationMode">Null to use the configured default.</param>
/// <param name="DeviceCorrelationId">Null to use the gateway's stable per-user value.</param>
public sealed record SessionChoices(string? LivenessOperationMode, string? DeviceCorrelationId)
{
    /// <summary>Longest device correlation id Face accepts.</summary>
    public const int MaxDeviceCorrelationIdLength = 64;

    /// <summary>
    /// A device correlation id is 1..64 characters of letters, digits, '-', '_', '.' and ':'
    /// (a GUID in practice). Nothing that could break a log line or a multipart header.
    /// </summary>
    public static bool IsValidDeviceCorrelationId(string? value) =>
        value is { Length: > 0 and <= MaxDeviceCorrelationIdLength }
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
