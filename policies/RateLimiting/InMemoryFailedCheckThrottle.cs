using Liveness.Policies.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Failed checks in this process only: for Development without Redis. Same rules as
/// <see cref="RedisFailedCheckThrottle"/>, on <see cref="TimeProvider"/>, bounded in users.
/// </summary>
internal sealed class InMemoryFailedCheckThrottle(IOptions<FailedCheckOptions> options, IOptions<SessionPolicyOptions> sessions, TimeProvider time) : IFailedCheckThrottle, IDisposable
{
    private const long MaxUsers = 100_000;

    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = MaxUsers });
    private readonly Lock _lock = new();
    private readonly FailedCheckOptions _options = options.Value;
    private readonly TimeSpan _markerTtl = sessions.Value.RecordTimeToLive;

    public Task RecordFailureAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var owner = _owners.GetOrCreate(ownerKey, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = _markerTtl;
                return new Failures();
            })!;
            if (owner.Counted.TryGetValue(sessionId, out var counted) && counted + _markerTtl > now)
            {
                return Task.CompletedTask;
            }

            owner.Counted[sessionId] = now;
            owner.Recent.RemoveAll(at => at <= now - _options.Window);
            owner.Recent.Add(now);
            if (owner.CooldownUntil > now || owner.Recent.Count >= _options.PermitLimit)
            {
                owner.CooldownUntil = now + _options.Cooldown;
            }
        }

        return Task.CompletedTask;
    }

    public Task<TimeSpan?> RemainingCooldownAsync(string ownerKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var remaining = _owners.TryGetValue(ownerKey, out Failures? owner) ? owner!.CooldownUntil - time.GetUtcNow() : TimeSpan.Zero;
            return Task.FromResult<TimeSpan?>(remaining > TimeSpan.Zero ? remaining : null);
        }
    }

    public void Dispose() => _owners.Dispose();

    private sealed class Failures
    {
        public Dictionary<string, DateTimeOffset> Counted { get; } = new(StringComparer.Ordinal);

        public List<DateTimeOffset> Recent { get; } = [];

        public DateTimeOffset CooldownUntil { get; set; }
    }
}
