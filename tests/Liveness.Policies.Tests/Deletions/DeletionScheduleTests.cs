using Liveness.Policies.Deletions;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.Tests.Deletions;

/// <summary>
/// <see cref="DeletionScheduleServiceCollectionExtensions.AddDeletionSchedule"/>'s schedule: due deletions claimed once
/// (atomically, also by concurrent claimers), a claim that is not settled claimable again after its lease, a claim's
/// updates void once the deletion was rescheduled, failures counted, the sweepers' calls per window bounded.
/// </summary>
public abstract class DeletionScheduleTests(SharedStateBackend backend, RedisClusterFixture? cluster = null) : SharedStateTests<IDeletionSchedule>(backend, cluster)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected IDeletionSchedule Schedule => State;

    protected override void Register(IServiceCollection services) => services.AddDeletionSchedule();

    [Fact]
    public async Task Claim_OnlyDueDeletions_InDueOrder_ThenNotAgainWhileClaimed()
    {
        var (early, late, future) = (Deletion(), Deletion(), Deletion());
        await Schedule.ScheduleAsync(late, Now.AddSeconds(-1), default);
        await Schedule.ScheduleAsync(early, Now.AddSeconds(-2), default);
        await Schedule.ScheduleAsync(future, Now.AddSeconds(1), default);

        var claimed = Mine(await Schedule.ClaimDueAsync(Now, 1000, Lease, default), early, late, future);

        Assert.Equal([early, late], claimed.Select(c => c.Deletion));
        Assert.All(claimed, c => Assert.Equal(Now + Lease, c.ClaimedUntil));
        var later = Mine(await Schedule.ClaimDueAsync(Now.AddSeconds(59), 1000, Lease, default), early, late, future);
        Assert.Equal([future], later.Select(c => c.Deletion)); // due by then; the two claimed ones are not
    }

    [Fact]
    public async Task Claim_ConcurrentClaimers_EachDeletionClaimedOnce()
    {
        var deletions = Enumerable.Range(0, 40).Select(_ => Deletion()).ToList();
        foreach (var deletion in deletions)
        {
            await Schedule.ScheduleAsync(deletion, Now.AddSeconds(-1), default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Schedule.ClaimDueAsync(Now, 7, Lease, default)));

        var mine = claims.SelectMany(c => c).Where(c => deletions.Contains(c.Deletion)).Select(c => c.Deletion).ToList();
        Assert.Equal(mine.Count, mine.Distinct().Count());
    }

    [Fact]
    public async Task Claim_NotSettled_ClaimableAgainOnceTheLeaseEnds()
    {
        var deletion = Deletion();
        await Schedule.ScheduleAsync(deletion, Now, default);
        var first = Assert.Single(Mine(await Schedule.ClaimDueAsync(Now, 1000, Lease, default), deletion));

        Assert.Empty(Mine(await Schedule.ClaimDueAsync(Now + Lease - TimeSpan.FromMilliseconds(1), 1000, Lease, default), deletion));
        var second = Assert.Single(Mine(await Schedule.ClaimDueAsync(Now + Lease, 1000, Lease, default), deletion));

        Assert.False(await Schedule.IsClaimedAsync(first, default));
        await Schedule.CompleteAsync(first, default); // the first claim is over: it removes nothing
        Assert.True(await Schedule.IsClaimedAsync(second, default));
        await Schedule.CompleteAsync(second, default);
        Assert.Empty(Mine(await Schedule.ClaimDueAsync(Now.AddDays(3), 1000, Lease, default), deletion));
    }

    [Fact]
    public async Task Reschedule_FailureCounted_DueAgainLater_ScheduleResetsTheCount()
    {
        var deletion = Deletion();
        await Schedule.ScheduleAsync(deletion, Now, default);
        var claim = Assert.Single(Mine(await Schedule.ClaimDueAsync(Now, 1000, Lease, default), deletion));

        await Schedule.RescheduleAsync(claim, Now.AddSeconds(30), failed: true, default);

        Assert.Empty(Mine(await Schedule.ClaimDueAsync(Now.AddSeconds(29), 1000, Lease, default), deletion));
        var again = Assert.Single(Mine(await Schedule.ClaimDueAsync(Now.AddSeconds(30), 1000, Lease, default), deletion));
        Assert.Equal(1, again.FailedAttempts);
        await Schedule.RescheduleAsync(again, Now.AddSeconds(30), failed: false, default); // not tried: not counted
        Assert.Equal(1, Assert.Single(Mine(await Schedule.ClaimDueAsync(Now.AddSeconds(30), 1000, Lease, default), deletion)).FailedAttempts);

        await Schedule.ScheduleAsync(deletion, Now.AddMinutes(15), default);
        Assert.Equal(0, Assert.Single(Mine(await Schedule.ClaimDueAsync(Now.AddMinutes(15), 1000, Lease, default), deletion)).FailedAttempts);
    }

    [Fact]
    public async Task RescheduledWhileClaimed_TheClaimsUpdatesDoNothing()
    {
        var deletion = Deletion();
        await Schedule.ScheduleAsync(deletion, Now, default);
        var claim = Assert.Single(Mine(await Schedule.ClaimDueAsync(Now, 1000, Lease, default), deletion));

        await Schedule.ScheduleAsync(deletion, Now.AddMinutes(15), default); // the result was seen final meanwhile
        Assert.False(await Schedule.IsClaimedAsync(claim, default));
        await Schedule.CompleteAsync(claim, default);
        await Schedule.RescheduleAsync(claim, Now, failed: true, default);

        Assert.Empty(Mine(await Schedule.ClaimDueAsync(Now.AddMinutes(15) - TimeSpan.FromMilliseconds(1), 1000, Lease, default), deletion));
        Assert.Equal(0, Assert.Single(Mine(await Schedule.ClaimDueAsync(Now.AddMinutes(15), 1000, Lease, default), deletion)).FailedAttempts);
    }

    [Fact]
    public async Task TakeCalls_AtMostTheWindowsCalls_TakenTogetherOrNotAtAll_NextWindowAnew()
    {
        var window = TimeSpan.FromMilliseconds(997); // a window of its own for this test (the counter is shared)
        var start = DateTimeOffset.FromUnixTimeMilliseconds((Now.ToUnixTimeMilliseconds() / 997 * 997) + (997 * 1000));

        Assert.True(await Schedule.TryTakeCallsAsync(start, 2, 3, window, default));
        Assert.False(await Schedule.TryTakeCallsAsync(start.AddMilliseconds(10), 2, 3, window, default));
        Assert.True(await Schedule.TryTakeCallsAsync(start.AddMilliseconds(20), 1, 3, window, default));
        Assert.False(await Schedule.TryTakeCallsAsync(start.AddMilliseconds(30), 1, 3, window, default));
        Assert.True(await Schedule.TryTakeCallsAsync(start + window, 2, 3, window, default));
    }

    [Fact]
    public async Task Count_ScheduledDeletions_DueOrNot()
    {
        var before = await Schedule.CountAsync(default);
        await Schedule.ScheduleAsync(Deletion(), Now, default);
        await Schedule.ScheduleAsync(Deletion(), Now.AddHours(1), default);

        Assert.Equal(before + 2, await Schedule.CountAsync(default));
    }

    private static ScheduledDeletion Deletion() =>
        new(Guid.NewGuid().ToString(), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), SessionKind.LivenessWithVerify);

    /// <summary>The claims of <paramref name="deletions"/> (other tests' deletions may be due too).</summary>
    private static List<ClaimedDeletion> Mine(IReadOnlyList<ClaimedDeletion> claimed, params ScheduledDeletion[] deletions) =>
        [.. claimed.Where(c => deletions.Contains(c.Deletion))];
}

/// <summary><see cref="DeletionScheduleTests"/> in this process's memory (Development).</summary>
public sealed class InMemoryDeletionScheduleTests() : DeletionScheduleTests(SharedStateBackend.Memory);

/// <summary><see cref="DeletionScheduleTests"/> on a single redis-server.</summary>
public sealed class RedisDeletionScheduleTests() : DeletionScheduleTests(SharedStateBackend.OwnRedisServer)
{
    [Fact]
    public async Task RedisDown_EveryMemberThrowsSessionStoreUnavailable()
    {
        await OwnServer.StopAsync();

        var deletion = new ScheduledDeletion(Guid.NewGuid().ToString(), "owner", SessionKind.Liveness);
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Schedule.ScheduleAsync(deletion, DateTimeOffset.UtcNow, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Schedule.ClaimDueAsync(DateTimeOffset.UtcNow, 10, TimeSpan.FromMinutes(1), default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Schedule.CountAsync(default));
    }
}

/// <summary><see cref="DeletionScheduleTests"/> on a 3-node Redis Cluster: every script stays in the schedule's one slot.</summary>
public sealed class RedisClusterDeletionScheduleTests(RedisClusterFixture cluster) : DeletionScheduleTests(SharedStateBackend.Cluster, cluster), IClassFixture<RedisClusterFixture>;
