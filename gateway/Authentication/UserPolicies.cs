namespace Liveness.Gateway.Authentication;

/// <summary>Authorization policy names, attached to routes by name (YARP <c>AuthorizationPolicy</c>).</summary>
internal static class UserPolicies
{
    /// <summary>An end user with a valid token that names its subject (<c>sub</c>).</summary>
    public const string LivenessUser = "LivenessUser";

    /// <summary>
    /// An operator: a valid token with a subject and the claim <c>Face:AbuseMonitoring:OperatorClaimType</c> of value
    /// <c>Face:AbuseMonitoring:OperatorClaimValue</c> (default <c>roles</c> = <c>liveness-operator</c>).
    /// </summary>
    public const string LivenessOperator = "LivenessOperator";
}
