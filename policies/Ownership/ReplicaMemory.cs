using Liveness.Policies.Time;
using Microsoft.Extensions.Caching.Memory;

namespace Liveness.Policies.Ownership;

/// <summary>
/// A bounded, in-process memory of values keyed by session id that never change once written, for the
/// decorators that answer from memory before asking Redis (<see cref="OwnerCachingSessionStore"/>,
/// <c>RememberingFinishedResultCache</c>). Entries expire at a given time on the injected
/// <see cref="TimeProvider"/>. A forgotten id is left a tombstone for <see cref="TombstoneLifetime"/>, so that a
/// Redis read that raced the removal (issued before it, answered after its notice) cannot bring it back.
/// When full, new entries are not kept (and memory is compacted in the background): a miss only costs a round trip.
/// </summary>
internal sealed class ReplicaMemory<T> : IDisposable
    where T : class
{
    /// <summary>How long a removed id stays unrememberable: far longer than a Redis reply can lag behind a notice.</summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromMinutes(1);

    private static readonly object Tombstone = new();

    private readonly TimeProvider _time;
    private readonly MemoryCache _entries;

    /// <param name="sizeLimit">The most the memory holds, in the units <see cref="Remember"/> is given sizes in.</param>
    /// <param name="time">The clock entries expire on.</param>
    public ReplicaMemory(long sizeLimit, TimeProvider time)
    {
        _time = time;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit, Clock = new TimeProviderClock(time) });
    }

    public bool TryGet(string sessionId, out T value)
    {
        if (_entries.TryGetValue(sessionId, out var entry) && entry is T known)
        {
            value = known;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> until <paramref name="expires"/>, unless the id was forgotten lately or the time has passed.</summary>
    public void Remember(string sessionId, T value, DateTimeOffset expires, long size = 1)
    {
        if (expires <= _time.GetUtcNow() || (_entries.TryGetValue(sessionId, out var entry) && ReferenceEquals(entry, Tombstone)))
        {
            return;
        }

        _entries.Set(sessionId, value, new MemoryCacheEntryOptions { Size = size, AbsoluteExpiration = expires });
    }

    public void Forget(string sessionId) =>
        _entries.Set(sessionId, Tombstone, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TombstoneLifetime });

    public void Clear() => _entries.Clear();

    public void Dispose() => _entries.Dispose();
}
