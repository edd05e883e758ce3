namespace Liveness.Gateway.Authentication;

/// <summary>Authorization policy names, attached to routes by name (YARP <c>AuthorizationPolicy</c>).</summary>
internal static class UserPolicies
{
    /// <summary>An end user with a valid token that names its subject (<c>sub</c>).</summary>
    public const string LivenessUser = "LivenessUser";
}
