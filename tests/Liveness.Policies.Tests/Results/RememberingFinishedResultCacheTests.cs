using System.Text;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Policies.Tests.Ownership;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.Results;

/// <summary>A replica's memory of finished results, in front of a shared cache that counts the lookups reaching it.</summary>
public sealed class RememberingFinishedResultCacheTests : IDisposable
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"sessionId":"s","status":"Succeeded"}""");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingCache _shared;
    private readonly ManualRemovalNotices _notices = new();
    private readonly RememberingFinishedResultCache _cache;

    public RememberingFinishedResultCacheTests()
    {
        var options = Options.Create(new SessionPolicyOptions());
        _shared = new CountingCache(new InMemoryFinishedResultCache(options, _time));
        _cache = new RememberingFinishedResultCache(_shared, _notices, options, _time);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Find_StoredHere_AnsweredFromMemory_ToTheOwnerOnly()
    {
        var session = Session("owner");
        await _cache.StoreAsync(session, Json, CancellationToken.None);

        Assert.Equal(Json, await _cache.FindAsync(session, CancellationToken.None));
        Assert.Equal(0, _shared.Finds);
        Assert.Null(await _cache.FindAsync(session with { OwnerKey = "someone-else" }, CancellationToken.None));
    }

    [Fact]
    public async Task Find_AfterRemovalNotice_OrMissedNotices_AsksTheSharedCache()
    {
        var removed = Session("owner");
        var other = Session("owner");
        await _cache.StoreAsync(removed, Json, CancellationToken.None);
        await _cache.StoreAsync(other, Json, CancellationToken.None);

        _notices.Announce(removed.SessionId);
        await _cache.FindAsync(removed, CancellationToken.None);
        Assert.Equal(1, _shared.Finds);

        _notices.Miss();
        await _cache.FindAsync(other, CancellationToken.None);
        Assert.Equal(2, _shared.Finds);
    }

    [Fact]
    public async Task Find_AfterTheRecordExpired_NotAnsweredFromMemory()
    {
        var session = Session("owner");
        await _cache.StoreAsync(session, Json, CancellationToken.None);

        _time.Advance(new SessionPolicyOptions().RecordTimeToLive + TimeSpan.FromSeconds(1));

        Assert.Null(await _cache.FindAsync(session, CancellationToken.None));
        Assert.Equal(1, _shared.Finds);
    }

    private SessionRecord Session(string owner) => new(Guid.NewGuid().ToString(), owner, SessionKind.Liveness, _time.GetUtcNow(), "Succeeded");

    private sealed class CountingCache(IFinishedResultCache inner) : IFinishedResultCache
    {
        private int _finds;

        public int Finds => Volatile.Read(ref _finds);

        public Task<byte[]?> FindAsync(SessionRecord session, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _finds);
            return inner.FindAsync(session, cancellationToken);
        }

        public Task StoreAsync(SessionRecord session, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) => inner.StoreAsync(session, json, cancellationToken);

        public Task RemoveAsync(SessionRecord session, CancellationToken cancellationToken) => inner.RemoveAsync(session, cancellationToken);
    }
}
