using System.Text;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.Results;

/// <summary>The Development cache (no Redis): the owner's copy only, gone on delete and when the ownership record expires.</summary>
public sealed class InMemoryFinishedResultCacheTests : IDisposable
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"sessionId":"s","status":"Succeeded"}""");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryFinishedResultCache _cache;

    public InMemoryFinishedResultCacheTests() =>
        _cache = new InMemoryFinishedResultCache(Options.Create(new SessionPolicyOptions()), _time);

    [Fact]
    public async Task Find_Owner_GetsTheStoredBytes_AnotherOwnerGetsNothing()
    {
        var session = Session("owner");
        await _cache.StoreAsync(session, Json, CancellationToken.None);

        Assert.Equal(Json, await _cache.FindAsync(session, CancellationToken.None));
        Assert.Null(await _cache.FindAsync(session with { OwnerKey = "someone-else" }, CancellationToken.None));
    }

    [Fact]
    public async Task Find_AfterRemove_OrAfterTheRecordExpired_GetsNothing()
    {
        var removed = Session("owner");
        var expiring = Session("owner");
        await _cache.StoreAsync(removed, Json, CancellationToken.None);
        await _cache.StoreAsync(expiring, Json, CancellationToken.None);

        await _cache.RemoveAsync(removed, CancellationToken.None);
        Assert.Null(await _cache.FindAsync(removed, CancellationToken.None));

        _time.Advance(new SessionPolicyOptions().RecordTimeToLive - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _cache.FindAsync(expiring, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _cache.FindAsync(expiring, CancellationToken.None));
    }

    public void Dispose() => _cache.Dispose();

    private SessionRecord Session(string owner) =>
        new(Guid.NewGuid().ToString("D"), owner, SessionKind.Liveness, _time.GetUtcNow(), "Succeeded");
}
