using Liveness.Policies.RateLimiting;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>The limits' validators: a bad setting fails with a message naming it and saying how to fix it; the defaults pass.</summary>
public sealed class RateLimitOptionsValidatorTests
{
    [Theory]
    [InlineData(0, 60, "RateLimiting:SessionCreation:PermitLimit is 0: set it between 1 and 1000000")]
    [InlineData(10, 0, "RateLimiting:SessionCreation:Window is 00:00:00: set a whole number of seconds")]
    [InlineData(10, 90_000, "RateLimiting:SessionCreation:Window is 1.01:00:00")]
    public void SessionCreation_InvalidSetting_SaysHowToFixIt(int permitLimit, int windowSeconds, string expected)
    {
        var result = new SessionCreationLimitOptionsValidator().Validate(null, new SessionCreationLimitOptions { PermitLimit = permitLimit, Window = TimeSpan.FromSeconds(windowSeconds) });

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void SessionReads_FractionalWindow_SaysHowToFixIt()
    {
        var result = new SessionReadLimitOptionsValidator().Validate(null, new SessionReadLimitOptions { Window = TimeSpan.FromMilliseconds(1500) });

        Assert.Contains("RateLimiting:SessionReads:Window is 00:00:01.5000000: set a whole number of seconds", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 180, 1800, "RateLimiting:FailedChecks:PermitLimit is 0: set it between 1 and 1000000")]
    [InlineData(5, 0, 1800, "RateLimiting:FailedChecks:Window is 00:00:00: set a whole number of seconds")]
    [InlineData(5, 180, 0, "RateLimiting:FailedChecks:Cooldown is 00:00:00: set a whole number of seconds between 00:00:01 and 1.00:00:00")]
    [InlineData(5, 180, 90_000, "RateLimiting:FailedChecks:Cooldown is 1.01:00:00")]
    public void FailedChecks_InvalidSetting_SaysHowToFixIt(int permitLimit, int windowSeconds, int cooldownSeconds, string expected)
    {
        var options = new FailedCheckOptions { PermitLimit = permitLimit, Window = TimeSpan.FromSeconds(windowSeconds), Cooldown = TimeSpan.FromSeconds(cooldownSeconds) };

        var result = new FailedCheckOptionsValidator().Validate(null, options);

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
        Assert.True(new FailedCheckOptionsValidator().Validate(null, new FailedCheckOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, 2, 100, "RateLimiting:Upstream:PermitsPerSecond is 0: set your Face resource's transactions per second")]
    [InlineData(2.5, 2, 100, "above 1 it must be a whole number of calls per second, e.g. 2")]
    [InlineData(10, 60, 100, "RateLimiting:Upstream:QueueTimeout is 00:01:00: set it between 00:00:00")]
    [InlineData(10, 2, -1, "RateLimiting:Upstream:QueueLimit is -1")]
    public void Upstream_InvalidSetting_SaysHowToFixIt(double permitsPerSecond, int queueSeconds, int queueLimit, string expected)
    {
        var options = new UpstreamBudgetOptions { PermitsPerSecond = permitsPerSecond, QueueTimeout = TimeSpan.FromSeconds(queueSeconds), QueueLimit = queueLimit };

        var result = new UpstreamBudgetOptionsValidator().Validate(null, options);

        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 10, 1000)] // S0
    [InlineData(0.33, 1, 3031)] // F0: 20 per minute, one call per 3.03 s
    [InlineData(1_000_000, 1_000_000, 1000)]
    public void Upstream_ValidBudget_IsThisSlidingWindow(double permitsPerSecond, int permits, int windowMilliseconds)
    {
        var options = new UpstreamBudgetOptions { PermitsPerSecond = permitsPerSecond, QueueTimeout = TimeSpan.Zero, QueueLimit = 0 };

        Assert.True(new UpstreamBudgetOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((permits, TimeSpan.FromMilliseconds(windowMilliseconds)), options.SlidingWindow());
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new SessionCreationLimitOptionsValidator().Validate(null, new SessionCreationLimitOptions()).Succeeded);
        Assert.True(new SessionReadLimitOptionsValidator().Validate(null, new SessionReadLimitOptions()).Succeeded);
        Assert.True(new UpstreamBudgetOptionsValidator().Validate(null, new UpstreamBudgetOptions()).Succeeded);
    }
}
