namespace Liveness.Policies.Deletions;

/// <summary>
/// The deletion schedule in this process only: for Development without Redis (lost on restart, not shared). Same
/// semantics as <see cref="RedisDeletionSchedule"/>.
/// </summary>
internal sealed class InMemoryDeletionSchedule : IDeletionSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ScheduledDeletion Deletion, long Due, int Failures)> _entries = new(StringComparer.Ordinal);
    private long _window = -1;
    private int _callsInWindow;

    public Task ScheduleAsync(ScheduledDeletion deletion, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletion);
        lock (_gate)
        {
            _entries[deletion.Member] = (deletion, due.ToUnixTimeMilliseconds(), 0);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ClaimedDeletion>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds((now + lease).ToUnixTimeMilliseconds());
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var due = _entries.Where(e => e.Value.Due <= nowMs).OrderBy(e => e.Value.Due).ThenBy(e => e.Key, StringComparer.Ordinal).Take(limit).ToList();
            IReadOnlyList<ClaimedDeletion> claimed = [.. due.Select(e =>
            {
                _entries[e.Key] = e.Value with { Due = until.ToUnixTimeMilliseconds() };
                return new ClaimedDeletion(e.Value.Deletion, e.Value.Failures, until);
            })];
            return Task.FromResult(claimed);
        }
    }

    public Task<bool> IsClaimedAsync(ClaimedDeletion claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_gate)
        {
            return Task.FromResult(Holds(claim));
        }
    }

    public Task CompleteAsync(ClaimedDeletion claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_gate)
        {
            if (Holds(claim))
            {
                _entries.Remove(claim.Deletion.Member);
            }
        }

        return Task.CompletedTask;
    }

    public Task RescheduleAsync(ClaimedDeletion claim, DateTimeOffset due, bool failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_gate)
        {
            if (Holds(claim))
            {
                var entry = _entries[claim.Deletion.Member];
                _entries[claim.Deletion.Member] = entry with { Due = due.ToUnixTimeMilliseconds(), Failures = entry.Failures + (failed ? 1 : 0) };
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_entries.Count);
        }
    }

    public Task<bool> TryTakeCallsAsync(DateTimeOffset now, int count, int calls, TimeSpan window, CancellationToken cancellationToken)
    {
        var index = now.ToUnixTimeMilliseconds() / Math.Max(1, (long)window.TotalMilliseconds);
        lock (_gate)
        {
            if (index != _window)
            {
                _window = index;
                _callsInWindow = 0;
            }

            if (_callsInWindow + count > calls)
            {
                return Task.FromResult(false);
            }

            _callsInWindow += count;
            return Task.FromResult(true);
        }
    }

    /// <summary>Under the lock.</summary>
    private bool Holds(ClaimedDeletion claim) =>
        _entries.TryGetValue(claim.Deletion.Member, out var entry) && entry.Due == claim.ClaimedUntil.ToUnixTimeMilliseconds();
}
