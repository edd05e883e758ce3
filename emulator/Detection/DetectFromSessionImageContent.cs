namespace Liveness.Emulator.Detection;

/// <summary>The body of <c>POST detect</c> on a session image (v1.2 <c>DetectFromSessionImageId</c>).</summary>
internal sealed record DetectFromSessionImageContent
{
    public string? SessionImageId { get; init; }
}
