using Liveness.Policies.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Verdicts;

/// <summary>
/// Verdicts in this process only: for Development without Redis. Same semantics as <see cref="RedisVerdictStore"/>
/// (a session's first <see cref="LivenessVerdict.DecidedAt"/> kept, the latest verdict the one decided last, a pass
/// used once), expiry on <see cref="TimeProvider"/>, bounded in entries.
/// </summary>
internal sealed class InMemoryVerdictStore(IOptions<VerdictOptions> options, IOptions<SessionPolicyOptions> sessions, TimeProvider time) : IVerdictStore, IDisposable
{
    private const long MaxEntries = 100_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly Lock _lock = new();
    private readonly TimeSpan _ttl = options.Value.TimeToLive;
    private readonly TimeSpan _sessionTtl = sessions.Value.RecordTimeToLive;

    public Task RecordAsync(string ownerKey, LivenessVerdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (Live<LivenessVerdict>(("session", ownerKey, verdict.SessionId), now) is { } first)
            {
                verdict = first;
            }
            else
            {
                Set(("session", ownerKey, verdict.SessionId), verdict, verdict.DecidedAt + _sessionTtl);
            }

            var latest = Live<LivenessVerdict>(("latest", ownerKey, string.Empty), now);
            if ((latest is null || latest.DecidedAt <= verdict.DecidedAt) && verdict.DecidedAt + _ttl > now)
            {
                Set(("latest", ownerKey, string.Empty), verdict, verdict.DecidedAt + _ttl);
            }
        }

        return Task.CompletedTask;
    }

    public Task<LivenessVerdict?> FindLatestAsync(string ownerKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live<LivenessVerdict>(("latest", ownerKey, string.Empty), time.GetUtcNow()));
        }
    }

    public Task<LivenessVerdict?> FindAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live<LivenessVerdict>(("session", ownerKey, sessionId), time.GetUtcNow()));
        }
    }

    public Task<bool> TryConsumeAsync(string ownerKey, string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (Live<string>(("used", ownerKey, sessionId), now) is not null)
            {
                return Task.FromResult(false);
            }

            Set(("used", ownerKey, sessionId), "used", now + _sessionTtl);
            return Task.FromResult(true);
        }
    }

    public Task RemoveAllAsync(string ownerKey, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.OfType<(string Kind, string Owner, string Session)>().Where(key => key.Owner == ownerKey).ToList())
            {
                _entries.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _entries.Dispose();

    private T? Live<T>((string Kind, string Owner, string Session) key, DateTimeOffset now)
        where T : class =>
        _entries.TryGetValue(key, out Entry<T>? entry) && entry is not null && entry.Expires > now ? entry.Value : null;

    private void Set<T>((string Kind, string Owner, string Session) key, T value, DateTimeOffset expires) =>
        _entries.Set(key, new Entry<T>(value, expires), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });

    private sealed record Entry<T>(T Value, DateTimeOffset Expires);
}
