namespace Liveness.Policies.Sessions;

/// <summary>Image formats the gateway accepts as a verify reference, recognised by content.</summary>
public enum VerifyImageFormat
{
    Jpeg,
    Png,
}
