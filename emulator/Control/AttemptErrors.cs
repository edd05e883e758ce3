namespace Liveness.Emulator.Control;

/// <summary>Messages the service uses for attempt error codes (only FaceWithMaskDetected is documented).</summary>
internal static class AttemptErrors
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["FaceWithMaskDetected"] = "Mask detected on face image.",
        ["NoFaceDetected"] = "No face detected.",
        ["TimedOut"] = "The liveness operation timed out.",
    };

    public static string MessageFor(string code) =>
        Messages.TryGetValue(code, out var message) ? message : $"Liveness attempt failed: {code}.";
}
