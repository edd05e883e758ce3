using Liveness.Policies.Sessions;

namespace Liveness.Gateway.OpenApi;

/// <summary>The tags that group the document's operations (generated clients and viewers group by them), with their descriptions.</summary>
internal static class ContractTags
{
    public const string Sessions = "sessions";
    public const string SessionImages = "sessionImages";
    public const string Assertions = "assertions";
    public const string Apps = "apps";
    public const string Operators = "operators";

    /// <summary>Every tag in the order the document lists them.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (SessionKindNames.Liveness, "Liveness sessions: create, read the result, delete."),
        (SessionKindNames.LivenessWithVerify, "Liveness sessions with face verification against a reference image."),
        (Sessions, "The caller's own sessions."),
        (SessionImages, "Session images seen in the caller's results."),
        (Assertions, "Signed liveness assertions for the apps' backends, and the keys that verify them."),
        (Apps, "The apps' own routes proxied by the gateway, some gated by a recent liveness pass."),
        (Operators, "Operators' routes: not for end users (an operator claim is required)."),
    ];
}
