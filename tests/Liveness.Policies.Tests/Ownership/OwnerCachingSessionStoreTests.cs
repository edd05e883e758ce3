using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>The replica's memory of session records, over the in-memory store, on a clock the test moves.</summary>
public sealed class OwnerCachingSessionStoreTests : IDisposable
{
    private const string Owner = "owner-key";

    private static readonly TimeSpan Ttl = TimeSpan.FromHours(49);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingStore _inner;
    private readonly ManualRemovalNotices _notices = new();
    private readonly OwnerCachingSessionStore _store;

    public OwnerCachingSessionStoreTests()
    {
        var options = Options.Create(new SessionPolicyOptions { RecordTimeToLive = Ttl });
        _inner = new CountingStore(new InMemorySessionStore(options, _time));
        _store = new OwnerCachingSessionStore(_inner, _notices, options, _time, NullLogger<OwnerCachingSessionStore>.Instance);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Find_RecordedHere_AnsweredFromMemory()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        Assert.Equal(record, await _store.FindAsync(record.SessionId, Owner, default));
        Assert.Equal(0, _inner.Finds);
    }

    [Fact]
    public async Task Find_UnknownId_AsksTheStoreEveryTime()
    {
        var id = Guid.NewGuid().ToString();

        Assert.Null(await _store.FindAsync(id, Owner, default));
        Assert.Null(await _store.FindAsync(id, Owner, default));
        Assert.Equal(2, _inner.Finds);
    }

    [Fact]
    public async Task Find_ByOwner_AnsweredFromMemory_ByAnotherUser_AsksTheStoreLikeAnUnknownId()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        Assert.Equal(record, await _store.FindAsync(record.SessionId, record.OwnerKey, default));
        Assert.Equal(0, _inner.Finds);
        Assert.Equal(record, await _store.FindAsync(record.SessionId, "another-user", default)); // refused by the caller as another user's
        Assert.Equal(1, _inner.Finds);
        Assert.Null(await _store.FindAsync(Guid.NewGuid().ToString(), "another-user", default));
        Assert.Equal(2, _inner.Finds);
    }

    [Fact]
    public async Task Find_AfterRecordExpires_NotAnsweredFromMemory()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        _time.Advance(Ttl + TimeSpan.FromSeconds(1));

        Assert.Null(await _store.FindAsync(record.SessionId, Owner, default));
        Assert.Equal(1, _inner.Finds);
    }

    [Fact]
    public async Task Find_AfterRemovalNotice_AsksTheStore_AndDoesNotRememberARacingRead()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        _notices.Announce(record.SessionId); // another replica removed it
        Assert.Equal(record, await _store.FindAsync(record.SessionId, Owner, default)); // this test's store still has it: a read that raced the removal
        Assert.Equal(1, _inner.Finds);
        await _store.FindAsync(record.SessionId, Owner, default);
        Assert.Equal(2, _inner.Finds); // not remembered again: the removal's tombstone holds
    }

    [Fact]
    public async Task Find_AfterNoticesMissed_AsksTheStore()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        _notices.Miss();

        await _store.FindAsync(record.SessionId, Owner, default);
        Assert.Equal(1, _inner.Finds);
    }

    [Fact]
    public async Task UpdateStatus_FinalStatusNeverReplacedByAnEarlierOne()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        await _store.UpdateStatusAsync(record, "Succeeded", default);
        await _store.UpdateStatusAsync(record, "Running", default); // a slower, older answer

        Assert.Equal("Succeeded", (await _store.FindAsync(record.SessionId, Owner, default))!.Status);
    }

    [Fact]
    public async Task Remove_ForgetsAtOnce()
    {
        var record = NewRecord();
        await _store.RecordAsync(record, default);

        await _store.RemoveAsync(record, default);

        Assert.Null(await _store.FindAsync(record.SessionId, Owner, default));
        Assert.Equal(1, _inner.Finds);
    }

    private SessionRecord NewRecord() => new(Guid.NewGuid().ToString(), Owner, SessionKind.Liveness, _time.GetUtcNow(), "NotStarted");

    /// <summary>The in-memory store, counting the lookups that reach it.</summary>
    private sealed class CountingStore(ISessionStore inner) : ISessionStore
    {
        private int _finds;

        public int Finds => Volatile.Read(ref _finds);

        public bool IsAvailable => inner.IsAvailable;

        public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken) => inner.RecordAsync(record, cancellationToken);

        public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _finds);
            return inner.FindAsync(sessionId, callerKey, cancellationToken);
        }

        public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken) => inner.UpdateStatusAsync(session, status, cancellationToken);

        public Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken) => inner.MarkDeletedAtFaceAsync(session, deletedAt, cancellationToken);

        public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken) => inner.RemoveAsync(record, cancellationToken);

        public Task EraseAsync(SessionRecord record, CancellationToken cancellationToken) => inner.EraseAsync(record, cancellationToken);

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) => inner.ListAsync(ownerKey, limit, cancellationToken);

        public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) => inner.RecordImagesAsync(session, sessionImageIds, cancellationToken);

        public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) => inner.FindImageAsync(sessionImageId, callerKey, cancellationToken);
    }
}
