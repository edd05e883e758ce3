using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The upstream budget in this replica's memory, with the same algorithm as <see cref="RedisUpstreamBudget"/>:
/// the budget when no Redis is configured (Development), and every replica's fallback while Redis cannot
/// answer. Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal sealed class InMemoryUpstreamBudget : IUpstreamBudget
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _answered = new();
    private readonly Dictionary<string, long> _inFlight = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _permits;
    private readonly long _windowMs;
    private long _lastAnswered;

    public InMemoryUpstreamBudget(IOptions<UpstreamBudgetOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        var (permits, window) = options.Value.SlidingWindow();
        _permits = permits;
        _windowMs = (long)window.TotalMilliseconds;
    }

    public Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            while (_answered.Count > 0 && _answered.Peek() <= now - _windowMs)
            {
                _answered.Dequeue();
            }

            if (_answered.Count + _inFlight.Count >= _permits)
            {
                ForgetAbandoned(now);
            }

            if (_answered.Count + _inFlight.Count < _permits)
            {
                var id = Guid.NewGuid().ToString("N");
                _inFlight[id] = now + (long)UpstreamBudgetOptions.AbandonedPermitTimeout.TotalMilliseconds;
                return Task.FromResult(UpstreamPermit.Granted(id, this));
            }

            var wait = _answered.Count > 0 ? _answered.Peek() + _windowMs - now : _windowMs;
            return Task.FromResult(UpstreamPermit.Refused(TimeSpan.FromMilliseconds(Math.Max(1, wait))));
        }
    }

    public Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permit);
        lock (_gate)
        {
            if (permit.Id is not null && _inFlight.Remove(permit.Id))
            {
                // Kept in order even if the wall clock steps back a little.
                _lastAnswered = Math.Max(_lastAnswered, _time.GetUtcNow().ToUnixTimeMilliseconds());
                _answered.Enqueue(_lastAnswered);
            }
        }

        return Task.CompletedTask;
    }

    private void ForgetAbandoned(long now)
    {
        List<string>? abandoned = null;
        foreach (var (id, deadline) in _inFlight)
        {
            if (deadline <= now)
            {
                (abandoned ??= []).Add(id);
            }
        }

        foreach (var id in abandoned ?? [])
        {
            _inFlight.Remove(id);
        }
    }
}
