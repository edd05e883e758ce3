namespace Liveness.Emulator.Ui;

/// <summary>Body of <c>POST /emulator/ui/attempts</c>: what the person in front of the stand-in's camera chose.</summary>
internal sealed record UiAttemptRequest
{
    /// <summary><c>realface</c> ("Real face"), <c>spoofface</c> ("Spoof") or <c>uncertain</c>.</summary>
    public string? Decision { get; init; }
}
