namespace Liveness.Policies.Sessions;

/// <summary>The liveness operation modes a client may choose (Face's <c>LivenessOperationMode</c>).</summary>
public static class LivenessOperationModes
{
    public const string Passive = "Passive";
    public const string PassiveActive = "PassiveActive";

    public static bool IsValid(string? mode) => mode is Passive or PassiveActive;
}
