namespace Liveness.Policies.RateLimiting;

/// <summary>
/// This replica's share of a large Redis budget (<see cref="UpstreamBudgetOptions.LeaseBatchLimit"/> above 1):
/// permits leased from <see cref="RedisUpstreamBudget"/> several in one round trip, handed out here to calls,
/// and released in batches by a background flush, so that most calls cost no Redis round trip of their own.
/// </summary>
/// <remarks>
/// <para>
/// Why Face still never sees more than the budget: every permit handed out is a member of Redis's in-flight
/// set of its own, added before the call and only ever moved to answered by a flush that runs after the call
/// was answered (Redis's <c>TIME</c> at the flush, never earlier than the answer), so the count the scripts
/// check is never lower than it would be with one round trip per call. A leased permit that no call took
/// within <see cref="UpstreamBudgetOptions.LeaseTime"/> is removed from in-flight without entering answered:
/// it never reached Face. Only permits in this process's hands are ever given back.
/// </para>
/// <para>
/// The cost: a replica may hold permits it does not use, at most the batch limit less one at a time, each for
/// at most the lease time, which other replicas cannot have meanwhile. The batch follows this replica's demand
/// (the calls it saw in the last lease time), so a quiet replica leases one permit at a time. A replica that
/// dies holding permits frees them after <see cref="UpstreamBudgetOptions.AbandonedPermitTimeout"/>, like any
/// abandoned call; releases it had not flushed age out the same way (held longer, never shorter).
/// </para>
/// </remarks>
internal sealed class UpstreamPermitPool : IAsyncDisposable
{
    /// <summary>
    /// How long a release may wait for others to share its round trip: it holds the permit that much longer
    /// (a hundredth of a one-second window at most), in exchange for one round trip per many calls.
    /// </summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Pause before a flush that failed (Redis unreachable) is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Queue<Spare> _spares = new();
    private readonly List<Pending> _answered = [];
    private readonly List<Pending> _unused = [];
    private readonly HashSet<string> _doneBatches = new(StringComparer.Ordinal);
    private readonly RedisUpstreamBudget _redis;
    private readonly int _batchLimit;
    private readonly TimeProvider _time;
    private readonly RateLimitStoreMonitor _monitor;
    private readonly long _leaseTicks;
    private readonly long _flushDelayTicks;
    private readonly long _abandonTicks;
    private readonly Task _flushing;
    private TaskCompletionSource _wake = NewSignal();
    private int _pendingSpares;
    private long _periodStart;
    private int _periodDemand;
    private int _previousDemand;
    private bool _stopRequested;
    private bool _stopped;

    public UpstreamPermitPool(RedisUpstreamBudget redis, int batchLimit, TimeProvider time, RateLimitStoreMonitor monitor)
    {
        _redis = redis;
        _batchLimit = batchLimit;
        _time = time;
        _monitor = monitor;
        _leaseTicks = Ticks(UpstreamBudgetOptions.LeaseTime);
        _flushDelayTicks = Ticks(FlushDelay);
        _abandonTicks = Ticks(UpstreamBudgetOptions.AbandonedPermitTimeout);
        _periodStart = time.GetTimestamp() - (2 * _leaseTicks);
        _flushing = Task.Run(FlushLoopAsync);
    }

    /// <summary>A leased permit if one is at hand; otherwise one round trip for a permit and as many spares as demand suggests. Never waits for other calls.</summary>
    public async Task<UpstreamPermit> TryAcquireAsync()
    {
        int spares;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var demand = CountDemand(now);
            while (_spares.TryDequeue(out var spare))
            {
                if (now < spare.ExpiresAt)
                {
                    return UpstreamPermit.Granted(spare.Id, _redis);
                }

                GiveBack(spare, now);
            }

            // Spares already being leased by other calls count against this replica's allowance.
            spares = _stopRequested ? 0 : Math.Max(0, Math.Min(_batchLimit - 1, demand) - _pendingSpares);
            _pendingSpares += spares;
        }

        var batch = Guid.NewGuid().ToString("N");

        // Taken before the round trip: the local lease ends no later than the one Redis recorded.
        var expiresAt = _time.GetTimestamp() + _leaseTicks;
        int granted;
        TimeSpan retryAfter;
        try
        {
            (granted, retryAfter) = await _redis.LeaseAsync(batch, 1 + spares);
        }
        finally
        {
            lock (_gate)
            {
                _pendingSpares -= spares;
            }
        }

        if (granted == 0)
        {
            return UpstreamPermit.Refused(retryAfter);
        }

        if (granted > 1 && KeepSpares(batch, granted, expiresAt) is { } late)
        {
            try
            {
                await _redis.SettleAsync([], late, [batch]);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
            {
                // They age out as abandoned.
                _monitor.Unavailable(e);
            }
        }

        return UpstreamPermit.Granted(Member(batch, 1), _redis);
    }

    /// <summary>Queues the release of an answered call's permit for the next flush (after shutdown: releases it now).</summary>
    public Task ReleaseAsync(string id)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _answered.Add(new Pending(id, _time.GetTimestamp()));
                if (_answered.Count == 1)
                {
                    Wake();
                }

                return Task.CompletedTask;
            }
        }

        return _redis.SettleAsync([id], [], []);
    }

    /// <summary>Gives back every unused permit and flushes every pending release (one last attempt), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopRequested = true;
            Wake();
        }

        await _flushing;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Member(string batch, int index) => $"{batch}:{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Calls that wanted a permit in the current lease time, or in the previous one if more.</summary>
    private int CountDemand(long now)
    {
        var elapsed = now - _periodStart;
        if (elapsed >= _leaseTicks)
        {
            _previousDemand = elapsed < 2 * _leaseTicks ? _periodDemand : 0;
            _periodDemand = 0;
            _periodStart = now;
        }

        _periodDemand++;
        return Math.Max(_previousDemand, _periodDemand);
    }

    /// <summary>Keeps a batch's spares until its lease ends; returns those leased after the pool stopped, to give back at once.</summary>
    private List<string>? KeepSpares(string batch, int granted, long expiresAt)
    {
        List<string>? late = null;
        lock (_gate)
        {
            var wasEmpty = _spares.Count == 0;
            for (var i = 2; i <= granted; i++)
            {
                if (_stopped)
                {
                    (late ??= []).Add(Member(batch, i));
                }
                else
                {
                    _spares.Enqueue(new Spare(Member(batch, i), batch, expiresAt));
                }
            }

            if (wasEmpty && _spares.Count > 0)
            {
                Wake();
            }
        }

        return late;
    }

    private void GiveBack(Spare spare, long now)
    {
        _unused.Add(new Pending(spare.Id, now));
        _doneBatches.Add(spare.Batch);
        if (_unused.Count == 1)
        {
            Wake();
        }
    }

    private void Wake() => _wake.TrySetResult();

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            var (work, wake, wait) = TakeWork();
            if (work is null)
            {
                if (wake is null)
                {
                    return;
                }

                await WaitAsync(wake, wait);
                continue;
            }

            try
            {
                await _redis.SettleAsync([.. work.Answered.Select(p => p.Id)], [.. work.Unused.Select(p => p.Id)], work.Batches);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
            {
                // Nothing is lost for the budget's sake: a permit not moved stays in flight until given up as abandoned.
                _monitor.Unavailable(e);
                if (!work.Stopping)
                {
                    await WaitAsync(Requeue(work), RetryDelay);
                }
            }
        }
    }

    /// <summary>
    /// What to flush now: unused permits whose lease ended, and releases that waited <see cref="FlushDelay"/>
    /// (everything when stopping). Otherwise what to wait for: a signal, or until the next of those is due.
    /// No work and no signal: stopped.
    /// </summary>
    private (Settlement? Work, Task? Wake, TimeSpan Wait) TakeWork()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var stopping = _stopRequested;
            while (_spares.TryPeek(out var head) && (stopping || head.ExpiresAt <= now))
            {
                GiveBack(_spares.Dequeue(), now);
            }

            var releaseDue = _answered.Count > 0 ? _answered[0].Queued + _flushDelayTicks : long.MaxValue;
            if (_unused.Count > 0 || (_answered.Count > 0 && (stopping || now >= releaseDue)))
            {
                var work = new Settlement([.. _answered], [.. _unused], [.. _doneBatches], stopping);
                _answered.Clear();
                _unused.Clear();
                _doneBatches.Clear();
                return (work, null, Timeout.InfiniteTimeSpan);
            }

            if (stopping)
            {
                _stopped = true;
                return (null, null, Timeout.InfiniteTimeSpan);
            }

            var next = Math.Min(releaseDue, _spares.TryPeek(out var first) ? first.ExpiresAt : long.MaxValue);
            return (null, Signal(), next == long.MaxValue ? Timeout.InfiniteTimeSpan : _time.GetElapsedTime(now, next));
        }
    }

    /// <summary>A task completed by the next <see cref="Wake"/>. Called under the lock.</summary>
    private Task Signal()
    {
        if (_wake.Task.IsCompleted)
        {
            _wake = NewSignal();
        }

        return _wake.Task;
    }

    /// <summary>Puts a failed flush back, but not what Redis has given up as abandoned meanwhile; returns the signal to wait on before trying again.</summary>
    private Task Requeue(Settlement work)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _answered.InsertRange(0, work.Answered.Where(p => now - p.Queued < _abandonTicks));
            _unused.InsertRange(0, work.Unused.Where(p => now - p.Queued < _abandonTicks));
            _doneBatches.UnionWith(work.Batches);
            return Signal();
        }
    }

    /// <summary>Until <paramref name="wake"/> completes (work, or shutdown) or <paramref name="wait"/> passes.</summary>
    private async Task WaitAsync(Task wake, TimeSpan wait)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            await wake;
            return;
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var cancel = new CancellationTokenSource();
        await Task.WhenAny(wake, Task.Delay(wait, _time, cancel.Token));
        await cancel.CancelAsync();
    }

    private readonly record struct Spare(string Id, string Batch, long ExpiresAt);

    private readonly record struct Pending(string Id, long Queued);

    private sealed record Settlement(Pending[] Answered, Pending[] Unused, string[] Batches, bool Stopping);
}
