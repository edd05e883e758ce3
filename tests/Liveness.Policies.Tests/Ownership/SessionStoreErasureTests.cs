using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>
/// <see cref="ISessionStore.EraseAsync"/> as the gateway composes the store: a session's record, its place in the
/// owner's list and the session images seen in its results all go; the owner's other sessions and other owners'
/// images stay; a session with no images, or erased twice, is fine.
/// </summary>
public abstract class SessionStoreErasureTests : IAsyncLifetime
{
    private IHost _host = null!;

    protected ISessionStore Store { get; private set; } = null!;

    /// <summary>The Redis the store under test uses (null: this process's memory).</summary>
    protected abstract string? RedisConnectionString { get; }

    public virtual Task InitializeAsync()
    {
        var builder = SharedStateHost.Builder(RedisConnectionString, environment: RedisConnectionString is null ? "Development" : "Production");
        builder.Services.AddSessionStore((_, store, _) => store);
        _host = builder.Build();
        Store = _host.Services.GetRequiredService<ISessionStore>();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

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
public sealed class SessionStoreErasureOnRedisTests : SessionStoreErasureTests
{
    private RedisServer _server = null!;

    protected override string? RedisConnectionString => _server.ConnectionString;

    public override async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _server.DisposeAsync();
    }
}

/// <summary><see cref="SessionStoreErasureTests"/> on a 3-node Redis Cluster: the erasure stays in the owner's slot.</summary>
public sealed class SessionStoreErasureOnClusterTests(RedisClusterFixture cluster) : SessionStoreErasureTests, IClassFixture<RedisClusterFixture>
{
    protected override string? RedisConnectionString => cluster.Cluster.ConnectionString;
}

/// <summary><see cref="SessionStoreErasureTests"/> in this process's memory (Development).</summary>
public sealed class SessionStoreErasureInMemoryTests : SessionStoreErasureTests
{
    protected override string? RedisConnectionString => null;
}
