namespace Liveness.Policies.Sessions;

/// <summary>Names of <see cref="SessionKind"/> on the wire and in the store.</summary>
public static class SessionKindNames
{
    public const string Liveness = "liveness";
    public const string LivenessWithVerify = "livenessWithVerify";

    public static string ToName(this SessionKind kind) => kind switch
    {
        SessionKind.Liveness => Liveness,
        SessionKind.LivenessWithVerify => LivenessWithVerify,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out SessionKind kind)
    {
        switch (name)
        {
            case Liveness:
                kind = SessionKind.Liveness;
                return true;
            case LivenessWithVerify:
                kind = SessionKind.LivenessWithVerify;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
