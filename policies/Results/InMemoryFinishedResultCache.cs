using Liveness.Policies.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Results;

/// <summary>
/// Finished results in this process only: for Development without Redis. Same semantics as
/// <see cref="RedisFinishedResultCache"/>, bounded in size (least recently used entries go first).
/// </summary>
internal sealed class InMemoryFinishedResultCache(IOptions<SessionPolicyOptions> options, TimeProvider time) : IFinishedResultCache, IDisposable
{
    private const long MaxBytes = 64 * 1024 * 1024;

    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = MaxBytes });
    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;

    public Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var found = _results.TryGetValue(session.SessionId, out Entry? entry)
            && entry is not null && entry.OwnerKey == session.OwnerKey && entry.Expires > time.GetUtcNow();
        return Task.FromResult(found ? entry!.Json : null);
    }

    public Task StoreAsync(SessionRecord session, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expires = session.CreatedAt + _ttl;
        if (expires > time.GetUtcNow())
        {
            _results.Set(session.SessionId, new Entry(session.OwnerKey, json.ToArray(), expires), new MemoryCacheEntryOptions { Size = json.Length, AbsoluteExpiration = expires });
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        _results.Remove(session.SessionId);
        return Task.CompletedTask;
    }

    public void Dispose() => _results.Dispose();

    private sealed record Entry(string OwnerKey, byte[] Json, DateTimeOffset Expires);
}
