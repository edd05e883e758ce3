using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>A replica's memory of a user's Redis window (batched permits, remembered refusals), with time moved by a fake clock.</summary>
public sealed class UserWindowMemoryTests
{
    /// <summary>A window RedisRateLimiting would report as ending at this Unix second (it closes a second later).</summary>
    private const long WindowEnd = 1_900_000_000;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(WindowEnd - 30));

    [Fact]
    public void Take_BatchGranted_HandsOutTheRestLocallyThenAsksForAnotherBatch()
    {
        var memory = new UserWindowMemory(permitsPerCall: 6, _time);
        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out var asked, out _));
        Assert.Equal(6, asked);
        memory.Record(asked, granted: true, WindowEnd, remaining: 114);
        memory.BatchAnswered();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(UserWindowMemory.Outcome.Granted, memory.Take(out _, out _));
        }

        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out asked, out _));
        Assert.Equal(6, asked);
    }

    [Fact]
    public void Take_WindowClosed_UnusedPermitsAreGone()
    {
        var memory = new UserWindowMemory(permitsPerCall: 6, _time);
        memory.Take(out var asked, out _);
        memory.Record(asked, granted: true, WindowEnd, remaining: 114);
        memory.BatchAnswered();
        Assert.True(memory.HoldsPermits);

        // Still the window's last second: Redis would count in the same window.
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(((WindowEnd + 1) * 1000) - 1));
        Assert.Equal(UserWindowMemory.Outcome.Granted, memory.Take(out _, out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(memory.HoldsPermits);
        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out asked, out _));
        Assert.Equal(6, asked);
    }

    [Fact]
    public void Take_FewerThanABatchRemain_AsksForOnePermitAtATime()
    {
        var memory = new UserWindowMemory(permitsPerCall: 6, _time);
        memory.Take(out var asked, out _);
        memory.Record(asked, granted: true, WindowEnd, remaining: 5);
        memory.BatchAnswered();
        for (var i = 0; i < 5; i++)
        {
            memory.Take(out _, out _);
        }

        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out asked, out _));
        Assert.Equal(1, asked);
    }

    [Fact]
    public void Take_BatchOnItsWay_OthersAskForOnePermit()
    {
        var memory = new UserWindowMemory(permitsPerCall: 6, _time);
        memory.Take(out var first, out _);

        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out var second, out _));
        Assert.Equal((6, 1), (first, second));

        memory.BatchAnswered();
        memory.Take(out var third, out _);
        Assert.Equal(6, third);
    }

    [Fact]
    public void Take_AfterRefusal_RefusedUntilTheWindowCloses_ThenAsksAgain()
    {
        var memory = new UserWindowMemory(permitsPerCall: 1, _time);
        memory.Take(out var asked, out _);
        var wait = memory.Record(asked, granted: false, WindowEnd, remaining: 0);
        Assert.Equal(TimeSpan.FromSeconds(31), wait);

        _time.Advance(TimeSpan.FromSeconds(30.5));
        Assert.Equal(UserWindowMemory.Outcome.Refused, memory.Take(out _, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out _, out _));
    }

    [Fact]
    public void Record_BatchRefusedWithPermitsLeft_IsNoRefusalOfTheUser()
    {
        var memory = new UserWindowMemory(permitsPerCall: 6, _time);
        memory.Take(out var asked, out _);
        memory.Record(asked, granted: false, WindowEnd, remaining: 2);
        memory.BatchAnswered();

        Assert.Equal(UserWindowMemory.Outcome.AskRedis, memory.Take(out asked, out _));
        Assert.Equal(1, asked);
    }
}
