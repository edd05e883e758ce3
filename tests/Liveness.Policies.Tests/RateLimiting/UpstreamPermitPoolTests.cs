using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Liveness.Policies.RateLimiting;
using Liveness.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>
/// The Redis budget leasing permits in batches when it is large: replicas (one budget and one connection each)
/// sharing a Redis of this class's own, so its sets and command counts are this class's alone.
/// </summary>
public sealed class UpstreamPermitPoolTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _inspector = null!;

    private IDatabase Db => _inspector.GetDatabase();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _inspector = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true"); // INFO commandstats
    }

    public async Task DisposeAsync()
    {
        await _inspector.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Burst_ThreeReplicasFarAboveLargeBudget_UpstreamNeverSeesMoreThanBudgetInAnySecond()
    {
        const int budget = 400;
        await using var replicas = await ReplicasAsync(3, budget);
        var arrivals = new ConcurrentQueue<long>();
        var refusals = 0;
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5 / 2;

        // 120 callers, each calling as fast as a 1-4 ms upstream lets it: many times the budget.
        await Task.WhenAll(replicas.Budgets.SelectMany(budgetOfReplica => Enumerable.Range(0, 40).Select(async i =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var permit = await budgetOfReplica.TryAcquireAsync(CancellationToken.None);
                if (!permit.IsAcquired)
                {
                    Interlocked.Increment(ref refusals);
                    await Task.Delay(permit.RetryAfter < TimeSpan.FromMilliseconds(20) ? permit.RetryAfter : TimeSpan.FromMilliseconds(20));
                    continue;
                }

                // The fake upstream: the call arrives after the permit was granted and is answered at least 1 ms later.
                arrivals.Enqueue(Stopwatch.GetTimestamp());
                await Task.Delay(1 + (i % 4));
                await budgetOfReplica.ReleaseAsync(permit, CancellationToken.None);
            }
        })));

        var calls = arrivals.Order().ToList();
        Assert.True(refusals > 0, "the burst never reached the budget, so it tested nothing");
        Assert.True(calls.Count >= budget, $"only {calls.Count} calls were made");
        var busiest = calls.Select((start, i) => calls.Skip(i).TakeWhile(t => t - start < Stopwatch.Frequency).Count()).Max();
        Assert.True(busiest <= budget, $"the upstream saw {busiest} calls within one second; the budget is {budget}");
    }

    [Fact]
    public async Task Burst_ThreeReplicasBelowLargeBudget_MostPermitsCostNoRoundTripOfTheirOwn()
    {
        await using var replicas = await ReplicasAsync(3, 4000);
        var before = await ScriptCallsAsync();
        var granted = 0;

        // 36 callers, each about one call per 12 ms: some 3000 per second, below the budget.
        await Task.WhenAll(replicas.Budgets.SelectMany(budget => Enumerable.Range(0, 12).Select(async _ =>
        {
            for (var call = 0; call < 60; call++)
            {
                var permit = await budget.TryAcquireAsync(CancellationToken.None);
                if (permit.IsAcquired)
                {
                    Interlocked.Increment(ref granted);
                    await Task.Delay(2);
                    await budget.ReleaseAsync(permit, CancellationToken.None);
                }

                await Task.Delay(10);
            }
        })));
        await replicas.DisposeAsync();

        // One permit at a time costs two round trips per call (take, release).
        var roundTrips = await ScriptCallsAsync() - before;
        Assert.True(granted > 1000, $"only {granted} permits were granted");
        Assert.True(roundTrips < granted / 2, $"{roundTrips} script calls for {granted} permits");
        Assert.Equal(0, await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey));
    }

    [Fact]
    public async Task LeasedPermits_NotUsed_GivenBackAfterTheLeaseTimeWithoutCountingAsAnswered()
    {
        await using var replicas = await ReplicasAsync(1, 400);
        var budget = replicas.Budgets[0];
        var permits = new List<UpstreamPermit>();
        for (var i = 0; i < 10; i++)
        {
            permits.Add(await budget.TryAcquireAsync(CancellationToken.None));
        }

        Assert.All(permits, p => Assert.True(p.IsAcquired));
        var leased = await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey);
        Assert.True(leased > 10, $"{leased} permits in flight for 10 calls: none was leased ahead");
        foreach (var permit in permits)
        {
            await budget.ReleaseAsync(permit, CancellationToken.None);
        }

        Assert.True(await EventuallyAsync(async () => await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey) == 0), "leased permits were not given back");
        var answered = (await Db.SortedSetRangeByRankAsync(RedisUpstreamBudget.AnsweredKey)).Select(m => m.ToString()).Order();
        Assert.Equal(permits.Select(p => p.Id!).Order(), answered);
    }

    [Fact]
    public async Task Dispose_LeasedAndReleasedPermits_GivesBackUnusedAndFlushesReleasesAtOnce()
    {
        var replicas = await ReplicasAsync(1, 400);
        var budget = replicas.Budgets[0];
        var permits = new List<UpstreamPermit>();
        for (var i = 0; i < 10; i++)
        {
            permits.Add(await budget.TryAcquireAsync(CancellationToken.None));
        }

        foreach (var permit in permits)
        {
            await budget.ReleaseAsync(permit, CancellationToken.None);
        }

        await replicas.DisposeAsync();

        Assert.Equal(0, await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey));
        var answered = (await Db.SortedSetRangeByRankAsync(RedisUpstreamBudget.AnsweredKey)).Select(m => m.ToString()).Order();
        Assert.Equal(permits.Select(p => p.Id!).Order(), answered);
    }

    [Fact]
    public async Task Acquire_BudgetHeldAsAnotherReplicasUnusedLease_RetryAfterIsTheLeaseEnd_ThenFreed()
    {
        const int budget = 400;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var holder = await ReplicasAsync(1, budget, time);
        await using var other = await ReplicasAsync(1, budget);

        // Calls nobody has answered fill the budget but for five permits, so no permit frees within a second...
        await Db.SortedSetAddAsync(RedisUpstreamBudget.InFlightKey, [.. Enumerable.Range(0, budget - 5).Select(i => new SortedSetEntry($"filler:{i}", double.MaxValue))]);

        // ...and the holder takes the last five, in batches: three for calls, two leased ahead and unused.
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await holder.Budgets[0].TryAcquireAsync(CancellationToken.None)).IsAcquired);
        }

        Assert.Equal(budget, await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey));
        var refused = await other.Budgets[0].TryAcquireAsync(CancellationToken.None);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.RetryAfter <= UpstreamBudgetOptions.LeaseTime, $"Retry-After {refused.RetryAfter}, though a permit may free when the lease ends");

        time.Advance(UpstreamBudgetOptions.LeaseTime);
        // The holder's flush loop may only now be arming its wait on the test clock (a busy machine): each poll
        // moves that clock on a little, so a wait armed after the lease ended still comes due.
        Assert.True(await EventuallyAsync(async () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            return (await other.Budgets[0].TryAcquireAsync(CancellationToken.None)).IsAcquired;
        }), "the holder's unused permits were not given back");
    }

    [Fact]
    public async Task Acquire_DefaultBudget_OnePermitPerRoundTripAndReleasedBeforeReturning()
    {
        await using var replicas = await ReplicasAsync(1, 10);
        var budget = replicas.Budgets[0];
        var before = await ScriptCallsAsync();
        var permits = new List<UpstreamPermit>();
        for (var i = 0; i < 5; i++)
        {
            permits.Add(await budget.TryAcquireAsync(CancellationToken.None));
        }

        Assert.All(permits, p => Assert.True(p.IsAcquired));
        Assert.Equal(5, await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey));
        Assert.Equal(5, await ScriptCallsAsync() - before);
        await budget.ReleaseAsync(permits[0], CancellationToken.None);
        Assert.Equal([permits[0].Id!], (await Db.SortedSetRangeByRankAsync(RedisUpstreamBudget.AnsweredKey)).Select(m => m.ToString()));

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await budget.TryAcquireAsync(CancellationToken.None)).IsAcquired);
        }

        var refused = await budget.TryAcquireAsync(CancellationToken.None);
        Assert.False(refused.IsAcquired);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(9, await Db.SortedSetLengthAsync(RedisUpstreamBudget.InFlightKey));
        Assert.False(await Db.KeyExistsAsync(RedisUpstreamBudget.LeasesKey));
    }

    /// <summary>Calls of Lua scripts this Redis has run (each one round trip), from <c>INFO commandstats</c>.</summary>
    private async Task<long> ScriptCallsAsync()
    {
        var info = (await Db.ExecuteAsync("INFO", "commandstats")).ToString();
        return info.Split('\n')
            .Where(line => line.StartsWith("cmdstat_eval:", StringComparison.Ordinal) || line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
            .Sum(line => long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private async Task<Replicas> ReplicasAsync(int count, int permitsPerSecond, TimeProvider? time = null)
    {
        var options = Options.Create(new UpstreamBudgetOptions { PermitsPerSecond = permitsPerSecond });
        var replicas = new Replicas();
        for (var i = 0; i < count; i++)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            replicas.Connections.Add(connection);
            replicas.Budgets.Add(new RedisUpstreamBudget(connection, options, time ?? TimeProvider.System, new RateLimitStoreMonitor(NullLogger<RateLimitStoreMonitor>.Instance)));
        }

        return replicas;
    }

    /// <summary>Budgets as separate replicas, each with a connection of its own; disposed like an application stopping.</summary>
    private sealed class Replicas : IAsyncDisposable
    {
        public List<RedisUpstreamBudget> Budgets { get; } = [];

        public List<ConnectionMultiplexer> Connections { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var budget in Budgets)
            {
                await budget.DisposeAsync();
            }

            foreach (var connection in Connections)
            {
                await connection.DisposeAsync();
            }

            Budgets.Clear();
            Connections.Clear();
        }
    }
}
