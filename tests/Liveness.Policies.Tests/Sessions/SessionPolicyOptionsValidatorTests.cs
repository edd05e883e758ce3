using Liveness.Policies.Sessions;

namespace Liveness.Policies.Tests.Sessions;

/// <summary>The session rules' validator: each bad setting fails with a message naming it and saying how to fix it.</summary>
public sealed class SessionPolicyOptionsValidatorTests
{
    private readonly SessionPolicyOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(_validator.Validate(null, new SessionPolicyOptions()).Succeeded);
    }

    [Theory]
    [InlineData(59, "Sessions:AuthTokenTimeToLiveInSeconds is 59: set it between 60 and 86400")]
    [InlineData(86401, "Sessions:AuthTokenTimeToLiveInSeconds is 86401: set it between 60 and 86400")]
    public void AuthTokenTimeToLive_OutsideFacesLimits_SaysHowToFixIt(int seconds, string expected)
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { AuthTokenTimeToLiveInSeconds = seconds });

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(86400)]
    public void AuthTokenTimeToLive_AtFacesLimits_IsValid(int seconds)
    {
        Assert.True(_validator.Validate(null, new SessionPolicyOptions { AuthTokenTimeToLiveInSeconds = seconds }).Succeeded);
    }

    [Fact]
    public void ClientResultView_NotAView_NamesTheTwoViews()
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { ClientResultView = (ClientResultView)7 });

        Assert.Contains("Sessions:ClientResultView is 7: set it to 'Full' (Face's JSON) or 'Decision'", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultLivenessOperationMode_Unknown_NamesTheModesFaceAccepts()
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { DefaultLivenessOperationMode = "Active" });

        Assert.Contains($"Sessions:DefaultLivenessOperationMode must be '{LivenessOperationModes.Passive}' or '{LivenessOperationModes.PassiveActive}'", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordTimeToLive_ShorterThanFacesSession_SaysNoSessionMayOutliveItsOwner()
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { RecordTimeToLive = TimeSpan.FromHours(47) });

        Assert.Contains("Sessions:RecordTimeToLive is 1.23:00:00: it must be at least 2.00:00:00", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1023L, 16, 16384L, "Sessions:MaxVerifyImageBytes is 1023")]
    [InlineData(6L * 1024 * 1024 + 1, 16, 16384L, "Sessions:MaxVerifyImageBytes is 6291457: set it between 1024 and 6291456")]
    [InlineData(6L * 1024 * 1024, 0, 16384L, "Sessions:MaxConcurrentVerifyUploads is 0: set it between 1 and 1024")]
    [InlineData(6L * 1024 * 1024, 1025, 16384L, "Sessions:MaxConcurrentVerifyUploads is 1025")]
    [InlineData(6L * 1024 * 1024, 16, 255L, "Sessions:MaxCreateBodyBytes is 255: set it between 256 and 1048576")]
    [InlineData(6L * 1024 * 1024, 16, 1024L * 1024 + 1, "Sessions:MaxCreateBodyBytes is 1048577")]
    public void BodyLimits_OutOfRange_SayHowToFixThem(long maxVerifyImageBytes, int maxConcurrentVerifyUploads, long maxCreateBodyBytes, string expected)
    {
        var options = new SessionPolicyOptions { MaxVerifyImageBytes = maxVerifyImageBytes, MaxConcurrentVerifyUploads = maxConcurrentVerifyUploads, MaxCreateBodyBytes = maxCreateBodyBytes };

        var result = _validator.Validate(null, options);

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-11-15", true)]
    [InlineData("2025-05-20.preview", true)]
    [InlineData("2024-11-15; drop", false)]
    [InlineData("012345678901234567890123456789012", false)] // 33 characters
    public void LivenessModelVersion_OnlyAModelVersionShape_IsValid(string model, bool valid)
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { LivenessModelVersion = model });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains($"Sessions:LivenessModelVersion '{model}' is not a model version", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SeveralBadSettings_EachIsNamed()
    {
        var result = _validator.Validate(null, new SessionPolicyOptions { AuthTokenTimeToLiveInSeconds = 0, MaxCreateBodyBytes = 0 });

        Assert.Equal(2, result.Failures!.Count());
    }
}
