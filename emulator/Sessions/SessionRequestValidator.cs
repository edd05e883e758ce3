using System.Net;
using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Sessions;

/// <summary>The create-session rules shared by both session kinds, checked in the service's order.</summary>
internal static class SessionRequestValidator
{
    public const string ModelVersion = "2024-11-15";
    public const int DefaultAuthTokenTimeToLiveInSeconds = 600;
    private const int MaxDeviceCorrelationIdLength = 64;

    public static FaceErrorResult? Validate(
        string? livenessOperationMode,
        string? livenessModelVersion,
        int? authTokenTimeToLiveInSeconds,
        bool? deviceCorrelationIdSetInClient,
        string? deviceCorrelationId)
    {
        if (NormalizeMode(livenessOperationMode) is null)
        {
            return FaceErrors.InvalidLivenessOperationMode();
        }

        if (livenessModelVersion is not null && livenessModelVersion != ModelVersion)
        {
            return FaceErrors.BadArgument("Invalid livenessModelVersion specified.");
        }

        if (authTokenTimeToLiveInSeconds is < 60 or > 86400)
        {
            return FaceErrors.InvalidTokenLifetime();
        }

        if (deviceCorrelationIdSetInClient == true)
        {
            return deviceCorrelationId is null ? null : FaceErrors.InvalidDeviceCorrelationId();
        }

        return string.IsNullOrWhiteSpace(deviceCorrelationId) || deviceCorrelationId.Length > MaxDeviceCorrelationIdLength
            ? FaceErrors.InvalidDeviceCorrelationId()
            : null;
    }

    /// <summary>
    /// The v1.3-preview.1 abuse-monitoring fields: <c>numberOfClientAttemptsAllowed</c> 1..3 (Face's range), a
    /// <c>userCorrelationId</c> only when it is not set in the client (and then not blank, at most 64 characters, as
    /// <c>deviceCorrelationId</c>), an <c>expectedClientIpAddress</c> that is an IP address or a CIDR.
    /// </summary>
    public static FaceErrorResult? ValidateAbuseMonitoring(int? numberOfClientAttemptsAllowed, string? userCorrelationId, bool? userCorrelationIdSetInClient, string? expectedClientIpAddress)
    {
        if (numberOfClientAttemptsAllowed is < 1 or > 3)
        {
            return FaceErrors.BadArgument("Invalid numberOfClientAttemptsAllowed specified. Must be within 1 to 3.");
        }

        if (userCorrelationId is not null
            && (userCorrelationIdSetInClient == true || string.IsNullOrWhiteSpace(userCorrelationId) || userCorrelationId.Length > MaxDeviceCorrelationIdLength))
        {
            return FaceErrors.BadArgument("Invalid userCorrelationId specified.");
        }

        return expectedClientIpAddress is not null && !IPAddress.TryParse(expectedClientIpAddress, out _) && !IPNetwork.TryParse(expectedClientIpAddress, out _)
            ? FaceErrors.BadArgument("Invalid expectedClientIpAddress specified. Must be an IP address or a CIDR range.")
            : null;
    }

    /// <summary>The mode in its canonical spelling, or null when it is not one the service knows.</summary>
    public static string? NormalizeMode(string? mode) => mode switch
    {
        _ when string.Equals(mode, "Passive", StringComparison.OrdinalIgnoreCase) => "Passive",
        _ when string.Equals(mode, "PassiveActive", StringComparison.OrdinalIgnoreCase) => "PassiveActive",
        _ => null,
    };
}
