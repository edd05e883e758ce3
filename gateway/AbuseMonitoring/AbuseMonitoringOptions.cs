namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>
/// Face's abuse monitoring (section <c>Face:AbuseMonitoring</c>), used when <c>Face:ApiVersion</c> is
/// <c>v1.3-preview.1</c>: the secret the per-user <c>userCorrelationId</c> is derived with, and who may reset a user's.
/// </summary>
internal sealed record AbuseMonitoringOptions
{
    public const string SectionName = "Face:AbuseMonitoring";

    /// <summary>
    /// The deployment's secret for the HMAC-SHA256 that derives each user's <c>userCorrelationId</c>: at least 32 bytes
    /// (UTF-8), from a mounted secret file or the environment (<c>Face__AbuseMonitoring__CorrelationSecret</c>), never a
    /// committed file. Required outside Development when <c>Face:ApiVersion</c> is <c>v1.3-preview.1</c>; Development
    /// without one uses a secret generated at startup. Changing it gives every user a new value (Face's abuse history
    /// of every user starts again).
    /// </summary>
    public string? CorrelationSecret { get; init; }

    /// <summary>The claim an operator's token carries to reset a user's <c>userCorrelationId</c>; default <c>roles</c> (Entra ID app roles).</summary>
    public string OperatorClaimType { get; init; } = "roles";

    /// <summary>The value of <see cref="OperatorClaimType"/> that makes a caller an operator; default <c>liveness-operator</c>.</summary>
    public string OperatorClaimValue { get; init; } = "liveness-operator";
}
