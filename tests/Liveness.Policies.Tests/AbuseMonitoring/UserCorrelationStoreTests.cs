using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Ownership;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Liveness.Policies.Tests.AbuseMonitoring;

/// <summary>
/// <see cref="UserCorrelationServiceCollectionExtensions.AddUserCorrelations"/>'s stores: no salt until a reset, a new
/// one per reset, one owner's reset touching no other owner; in Redis under the owner's hash tag, without expiry.
/// </summary>
public abstract class UserCorrelationStoreTests : IAsyncLifetime
{
    private IHost _host = null!;

    protected IUserCorrelationStore Store { get; private set; } = null!;

    /// <summary>The Redis the store under test uses; null: this process's memory (Development).</summary>
    protected abstract string? RedisConnectionString { get; }

    public virtual Task InitializeAsync()
    {
        var builder = SharedStateHost.Builder(RedisConnectionString, environment: RedisConnectionString is null ? "Development" : "Production");
        builder.Services.AddUserCorrelations();
        _host = builder.Build();
        Store = _host.Services.GetRequiredService<IUserCorrelationStore>();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reset_GivesThatOwnerANewSaltEachTime_AndNoOtherOwnerOne()
    {
        var alice = NewOwner();
        var bob = NewOwner();
        Assert.Null(await Store.FindSaltAsync(alice, default));

        await Store.ResetAsync(alice, default);
        var first = await Store.FindSaltAsync(alice, default);
        await Store.ResetAsync(alice, default);
        var second = await Store.FindSaltAsync(alice, default);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(second, await Store.FindSaltAsync(alice, default));
        Assert.Null(await Store.FindSaltAsync(bob, default));
    }

    protected static string NewOwner() => Guid.NewGuid().ToString("N");
}

/// <summary><see cref="UserCorrelationStoreTests"/> in this process's memory.</summary>
public sealed class UserCorrelationStoreInMemoryTests : UserCorrelationStoreTests
{
    protected override string? RedisConnectionString => null;
}

/// <summary><see cref="UserCorrelationStoreTests"/> on a redis-server.</summary>
public sealed class UserCorrelationStoreOnRedisTests : UserCorrelationStoreTests
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

    [Fact]
    public async Task Reset_SaltUnderTheOwnersHashTag_WithoutExpiry()
    {
        var owner = NewOwner();

        await Store.ResetAsync(owner, default);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        var key = $"liveness:{{{owner}}}:correlation";
        Assert.Equal(await Store.FindSaltAsync(owner, default), (string?)await redis.GetDatabase().StringGetAsync(key));
        Assert.Null(await redis.GetDatabase().KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task EveryMember_RedisDown_ThrowsSessionStoreUnavailable()
    {
        await _server.StopAsync();

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.FindSaltAsync("owner", default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.ResetAsync("owner", default));
    }
}

/// <summary><see cref="UserCorrelationStoreTests"/> on a 3-node Redis Cluster.</summary>
public sealed class UserCorrelationStoreOnClusterTests(RedisClusterFixture cluster) : UserCorrelationStoreTests, IClassFixture<RedisClusterFixture>
{
    protected override string? RedisConnectionString => cluster.Cluster.ConnectionString;
}
