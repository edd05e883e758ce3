using Liveness.Gateway.RateLimiting;
using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>
/// Background work (the deletion sweeper) takes a permit of the Face budget only when one is free at once and no call
/// waits for one: it never waits, and never takes the permit a waiting call is about to get.
/// </summary>
public sealed class UpstreamBudgetGateTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task BackgroundCall_PermitFree_NobodyWaiting_Granted()
    {
        var (gate, budget) = Gate(permitsPerSecond: 2);

        var permit = await gate.EnterBackgroundCallAsync(default);

        Assert.True(permit.IsAcquired);
        Assert.Equal(1, budget.Asked);
    }

    [Fact]
    public async Task BackgroundCall_BudgetSpent_RefusedAtOnceWithoutWaiting()
    {
        var (gate, _) = Gate(permitsPerSecond: 1);
        Assert.True((await gate.EnterAsync(default)).IsAcquired);

        var entering = gate.EnterBackgroundCallAsync(default);

        Assert.True(entering.IsCompleted); // the clock did not move: it did not wait
        Assert.False((await entering).IsAcquired);
        Assert.Equal(0, gate.WaitingCalls);
    }

    [Fact]
    public async Task BackgroundCall_WhileAUserCallWaits_RefusedWithoutAskingTheBudget_TheWaiterGetsThePermit()
    {
        var (gate, budget) = Gate(permitsPerSecond: 1);
        var first = await gate.EnterAsync(default);
        var waiting = gate.EnterAsync(default); // the budget is spent: it waits for the next permit
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, gate.WaitingCalls);
        var asked = budget.Asked;

        var background = await gate.EnterBackgroundCallAsync(default);

        Assert.False(background.IsAcquired);
        Assert.Equal(asked, budget.Asked);
        await gate.LeaveAsync(first);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await waiting).IsAcquired);
        Assert.Equal(0, gate.WaitingCalls);
    }

    private (UpstreamBudgetGate Gate, CountingBudget Budget) Gate(double permitsPerSecond)
    {
        var options = Options.Create(new UpstreamBudgetOptions { PermitsPerSecond = permitsPerSecond, QueueTimeout = TimeSpan.FromSeconds(2) });
        var budget = new CountingBudget(new InMemoryUpstreamBudget(options, _time));
        return (new UpstreamBudgetGate(budget, options, _time), budget);
    }

    /// <summary>The per-replica budget, counting how often it is asked for a permit.</summary>
    private sealed class CountingBudget(IUpstreamBudget inner) : IUpstreamBudget
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return inner.TryAcquireAsync(cancellationToken);
        }

        public Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken) => inner.ReleaseAsync(permit, cancellationToken);
    }
}
