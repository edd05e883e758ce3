namespace Liveness.Emulator.Edge;

/// <summary>
/// Endpoint metadata that marks a Face service operation (as opposed to the emulator's control API).
/// The edge middleware (key check, faults, call recording, billing header) reads it, so no path is
/// compared anywhere.
/// </summary>
internal sealed record FaceOperation(string Name)
{
    public const string CreateLivenessSession = nameof(CreateLivenessSession);
    public const string GetLivenessSessionResult = nameof(GetLivenessSessionResult);
    public const string DeleteLivenessSession = nameof(DeleteLivenessSession);
    public const string CreateLivenessWithVerifySession = nameof(CreateLivenessWithVerifySession);
    public const string GetLivenessWithVerifySessionResult = nameof(GetLivenessWithVerifySessionResult);
    public const string DeleteLivenessWithVerifySession = nameof(DeleteLivenessWithVerifySession);
    public const string GetSessionImage = nameof(GetSessionImage);
    public const string DetectFromSessionImageId = nameof(DetectFromSessionImageId);

    /// <summary>A path under <c>/face</c> that no supported API version serves.</summary>
    public const string Unknown = nameof(Unknown);

    public static readonly IReadOnlyList<string> Known =
    [
        CreateLivenessSession,
        GetLivenessSessionResult,
        DeleteLivenessSession,
        CreateLivenessWithVerifySession,
        GetLivenessWithVerifySessionResult,
        DeleteLivenessWithVerifySession,
        GetSessionImage,
        DetectFromSessionImageId,
    ];
}
