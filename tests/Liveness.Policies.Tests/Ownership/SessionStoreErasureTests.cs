using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>
/// <see cref="ISessionStore.EraseAsync"/> as the gateway composes the store: a session's record, its place in the
/// owner's list and the session images seen in its results all go; the owner's other sessions and other owners'
/// images stay; a session with no images, or erased twice, is fine.
/// </summary>
public abstract class SessionStoreErasureTests(SharedStateBackend backend, RedisClusterFixture? cluster = null) : SharedStateTests<ISessionStore>(backend, cluster)
{
    protected ISessionStore Store => State;

    protected override void Register(IServiceCollection services) => services.AddSessionStore((_, store, _) => store);

    [Fact]
    public async Task Erase_SessionWithImages_RecordListEntryAndImagesGone_TheRestKept()
    {
        var owner = NewOwner();
        var erased = Record(owner);
        var kept = Record(owner);
        var other = Record(NewOwner(), erased.SessionId);
        foreach (var record in new[] { erased, kept, other })
        {
            await Store.RecordAsync(record, default);
        }

        await Store.RecordImagesAsync(erased, ["image-a", "image-b"], default);
        await Store.RecordImagesAsync(kept, ["image-c"], default);
        await Store.RecordImagesAsync(other, ["image-a"], default);

        await Store.EraseAsync(erased, default);

        Assert.Null(await Store.FindAsync(erased.SessionId, owner, default));
        Assert.Null(await Store.FindImageAsync("image-a", owner, default));
        Assert.Null(await Store.FindImageAsync("image-b", owner, default));
        Assert.Equal(kept.SessionId, Assert.Single(await Store.ListAsync(owner, int.MaxValue, default)).SessionId);
        Assert.NotNull(await Store.FindImageAsync("image-c", owner, default));
        Assert.NotNull(await Store.FindAsync(other.SessionId, other.OwnerKey, default));
        Assert.NotNull(await Store.FindImageAsync("image-a", other.OwnerKey, default));
    }

    [Fact]
    public async Task Erase_NoImagesAndRepeated_RemovesTheRecordAndThrowsNothing()
    {
        var owner = NewOwner();
        var record = Record(owner);
        await Store.RecordAsync(record, default);

        await Store.EraseAsync(record, default);
        await Store.EraseAsync(record, default);

        Assert.Empty(await Store.ListAsync(owner, int.MaxValue, default));
    }

    [Fact]
    public async Task List_NoPracticalCap_ListsEveryOneOfMoreThanAPage()
    {
        var owner = NewOwner();
        for (var i = 0; i < 250; i++)
        {
            await Store.RecordAsync(Record(owner) with { CreatedAt = DateTimeOffset.UtcNow.AddSeconds(i) }, default);
        }

        Assert.Equal(250, (await Store.ListAsync(owner, int.MaxValue, default)).Count);
    }

    private static string NewOwner() => Guid.NewGuid().ToString("N");

    private static SessionRecord Record(string owner, string? sessionId = null) =>
        new(sessionId ?? Guid.NewGuid().ToString(), owner, SessionKind.Liveness, DateTimeOffset.UtcNow, "NotStarted");
}

/// <summary><see cref="SessionStoreErasureTests"/> on a single redis-server.</summary>
public sealed class SessionStoreErasureOnRedisTests() : SessionStoreErasureTests(SharedStateBackend.OwnRedisServer);

/// <summary><see cref="SessionStoreErasureTests"/> on a 3-node Redis Cluster: the erasure stays in the owner's slot.</summary>
public sealed class SessionStoreErasureOnClusterTests(RedisClusterFixture cluster) : SessionStoreErasureTests(SharedStateBackend.Cluster, cluster), IClassFixture<RedisClusterFixture>;

/// <summary><see cref="SessionStoreErasureTests"/> in this process's memory (Development).</summary>
public sealed class SessionStoreErasureInMemoryTests() : SessionStoreErasureTests(SharedStateBackend.Memory);
