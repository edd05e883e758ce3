namespace Liveness.Emulator.Faults;

/// <summary>The failure kinds <c>POST /emulator/faults</c> accepts.</summary>
internal static class FaultKinds
{
    public const string TooManyRequests = "429";
    public const string InternalServerError = "500";
    public const string ServiceUnavailable = "503";
    public const string Drop = "drop";

    /// <summary>The Face error envelope with the status, code and message given in <see cref="FailNext"/>.</summary>
    public const string Error = "error";

    public static bool IsKnown(string kind) => kind is TooManyRequests or InternalServerError or ServiceUnavailable or Drop or Error;
}
