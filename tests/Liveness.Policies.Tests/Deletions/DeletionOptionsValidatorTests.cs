using Liveness.Policies.Deletions;

namespace Liveness.Policies.Tests.Deletions;

/// <summary>Each deletion setting out of range stops startup with a message that names it and says how to fix it.</summary>
public sealed class DeletionOptionsValidatorTests
{
    private readonly DeletionOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid_AndDeleteAfterFifteenMinutes()
    {
        var defaults = new DeletionOptions();

        Assert.True(_validator.Validate(null, defaults).Succeeded);
        Assert.Equal(DeleteAtFace.AfterRetention, defaults.DeleteAtFace);
        Assert.Equal(TimeSpan.FromMinutes(15), defaults.FaceRetention);
        Assert.Equal(0.1, defaults.Sweeper.BudgetShare);
        Assert.True(defaults.Sweeper.Enabled);
    }

    public static TheoryData<DeletionOptions, string> Invalid => new()
    {
        { new DeletionOptions { DeleteAtFace = (DeleteAtFace)7 }, "Sessions:DeleteAtFace" },
        { new DeletionOptions { FaceRetention = TimeSpan.FromHours(25) }, "Sessions:FaceRetention" },
        { new DeletionOptions { FaceRetention = TimeSpan.FromSeconds(-1) }, "Sessions:FaceRetention" },
        { new DeletionOptions { AbandonedSessionMargin = TimeSpan.FromDays(2) }, "Sessions:AbandonedSessionMargin" },
        { new DeletionOptions { Sweeper = new DeletionSweeperOptions { BudgetShare = 0 } }, "Sessions:Sweeper:BudgetShare" },
        { new DeletionOptions { Sweeper = new DeletionSweeperOptions { BudgetShare = 0.9 } }, "Sessions:Sweeper:BudgetShare" },
        { new DeletionOptions { Sweeper = new DeletionSweeperOptions { Interval = TimeSpan.Zero } }, "Sessions:Sweeper:Interval" },
        { new DeletionOptions { Sweeper = new DeletionSweeperOptions { ClaimLease = TimeSpan.FromSeconds(5) } }, "Sessions:Sweeper:ClaimLease" },
        { new DeletionOptions { Sweeper = new DeletionSweeperOptions { MaxRetryDelay = TimeSpan.FromDays(1) } }, "Sessions:Sweeper:MaxRetryDelay" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_SettingOutOfRange_FailsNamingIt(DeletionOptions options, string setting)
    {
        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("set it", result.FailureMessage, StringComparison.Ordinal);
    }
}
