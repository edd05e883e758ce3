using Liveness.Policies.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Decorates the shared store with a bounded, in-process memory of owners this replica has seen.
/// It is consulted only when the store is unavailable, so a read can still be answered when its
/// ownership is certain without Redis; it never grants what the store refused (misses and
/// deletions evict), and entries expire with the record.
/// </summary>
internal sealed partial class OwnerCachingSessionStore(ISessionStore inner, IOptions<SessionPolicyOptions> options, TimeProvider time, ILogger<OwnerCachingSessionStore> logger) : ISessionStore, IDisposable
{
    // Enough for the sessions a replica sees in an outage window (a liveness check lasts minutes);
    // In bench/run the create flood (150,000 sessions) raised RSS by ~100 MB with 100,000 entries allowed.
    private const int MaxEntries = 10_000;

    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new TimeProviderClock(time) });
    private readonly TimeSpan _ttl = options.Value.RecordTimeToLive;

    public bool IsAvailable => inner.IsAvailable;

    public async Task RecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await inner.RecordAsync(record, cancellationToken);
        Remember(record);
    }

    public async Task<SessionRecord?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var record = await inner.FindAsync(sessionId, cancellationToken);
            if (record is null)
            {
                _owners.Remove(sessionId);
            }
            else
            {
                Remember(record);
            }

            return record;
        }
        catch (SessionStoreUnavailableException) when (_owners.TryGetValue(sessionId, out SessionRecord? cached) && cached is not null)
        {
            LogAnsweredFromMemory(logger);
            return cached;
        }
    }

    public Task UpdateStatusAsync(string sessionId, string status, CancellationToken cancellationToken) =>
        inner.UpdateStatusAsync(sessionId, status, cancellationToken);

    public async Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _owners.Remove(record.SessionId);
        await inner.RemoveAsync(record, cancellationToken);
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) =>
        inner.ListAsync(ownerKey, limit, cancellationToken);

    public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) =>
        inner.RecordImagesAsync(session, sessionImageIds, cancellationToken);

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, CancellationToken cancellationToken) =>
        inner.FindImageAsync(sessionImageId, cancellationToken);

    public void Dispose() => _owners.Dispose();

    private void Remember(SessionRecord record)
    {
        var expires = record.CreatedAt + _ttl;
        if (expires <= time.GetUtcNow())
        {
            return;
        }

        _owners.Set(record.SessionId, record, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Session store unavailable: ownership answered from this replica's memory.")]
    private static partial void LogAnsweredFromMemory(ILogger logger);

    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
