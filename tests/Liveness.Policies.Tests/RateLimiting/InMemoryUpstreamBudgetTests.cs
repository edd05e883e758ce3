using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>The per-replica budget (Development, and the fallback while Redis is down), with time moved by a fake clock.</summary>
public sealed class InMemoryUpstreamBudgetTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Acquire_BudgetSpent_RefusedUntilOneWindowAfterTheOldestAnswer()
    {
        var budget = Budget(permitsPerSecond: 2);
        var first = await budget.TryAcquireAsync(CancellationToken.None);
        var second = await budget.TryAcquireAsync(CancellationToken.None);
        Assert.True(first.IsAcquired && second.IsAcquired);

        // Both calls still in flight: a permit frees no sooner than a window after one is answered.
        var refused = await budget.TryAcquireAsync(CancellationToken.None);
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(300));
        await budget.ReleaseAsync(first, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await budget.ReleaseAsync(second, CancellationToken.None);
        Assert.Equal(TimeSpan.FromMilliseconds(800), (await budget.TryAcquireAsync(CancellationToken.None)).RetryAfter);

        _time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.False((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
        Assert.False((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
    }

    [Fact]
    public async Task Acquire_PermitNeverReleased_FreedAfterTheAbandonTimeout()
    {
        var budget = Budget(permitsPerSecond: 1);
        Assert.True((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
    }

    [Fact]
    public async Task Acquire_FractionalBudget_OneCallPerInverseSeconds()
    {
        var budget = Budget(permitsPerSecond: 0.25);
        var permit = await budget.TryAcquireAsync(CancellationToken.None);
        await budget.ReleaseAsync(permit, CancellationToken.None);

        var refused = await budget.TryAcquireAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(4), refused.RetryAfter);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
    }

    private InMemoryUpstreamBudget Budget(double permitsPerSecond) =>
        new(Options.Create(new UpstreamBudgetOptions { PermitsPerSecond = permitsPerSecond }), _time);
}
