namespace Liveness.Testing;

/// <summary>The Face operation names the emulator counts in <see cref="EmulatorCalls.Counts"/>.</summary>
public static class EmulatorOperations
{
    public const string CreateLivenessSession = nameof(CreateLivenessSession);
    public const string GetLivenessSessionResult = nameof(GetLivenessSessionResult);
    public const string DeleteLivenessSession = nameof(DeleteLivenessSession);
    public const string CreateLivenessWithVerifySession = nameof(CreateLivenessWithVerifySession);
    public const string GetLivenessWithVerifySessionResult = nameof(GetLivenessWithVerifySessionResult);
    public const string DeleteLivenessWithVerifySession = nameof(DeleteLivenessWithVerifySession);
    public const string GetSessionImage = nameof(GetSessionImage);
    public const string DetectFromSessionImageId = nameof(DetectFromSessionImageId);

    /// <summary>A path under <c>/face</c> that no supported API version serves (answered 404).</summary>
    public const string Unknown = nameof(Unknown);
}
