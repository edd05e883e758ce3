using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Ownership;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Liveness.Policies.Tests.AbuseMonitoring;

/// <summary>
/// <see cref="UserCorrelationServiceCollectionExtensions.AddUserCorrelations"/>'s stores: no salt until a reset, a new
/// one per reset, one owner's reset touching no other owner; in Redis under the owner's hash tag, without expiry.
/// </summary>
public abstract class UserCorrelationStoreTests(SharedStateBackend backend, RedisClusterFixture? cluster = null) : SharedStateTests<IUserCorrelationStore>(backend, cluster)
{
    protected IUserCorrelationStore Store => State;

    protected override void Register(IServiceCollection services) => services.AddUserCorrelations();

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
public sealed class UserCorrelationStoreInMemoryTests() : UserCorrelationStoreTests(SharedStateBackend.Memory);

/// <summary><see cref="UserCorrelationStoreTests"/> on a redis-server.</summary>
public sealed class UserCorrelationStoreOnRedisTests() : UserCorrelationStoreTests(SharedStateBackend.OwnRedisServer)
{
    [Fact]
    public async Task Reset_SaltUnderTheOwnersHashTag_WithoutExpiry()
    {
        var owner = NewOwner();

        await Store.ResetAsync(owner, default);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(OwnServer.ConnectionString);
        var key = $"liveness:{{{owner}}}:correlation";
        Assert.Equal(await Store.FindSaltAsync(owner, default), (string?)await redis.GetDatabase().StringGetAsync(key));
        Assert.Null(await redis.GetDatabase().KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task EveryMember_RedisDown_ThrowsSessionStoreUnavailable()
    {
        await OwnServer.StopAsync();

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.FindSaltAsync("owner", default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.ResetAsync("owner", default));
    }
}

/// <summary><see cref="UserCorrelationStoreTests"/> on a 3-node Redis Cluster.</summary>
public sealed class UserCorrelationStoreOnClusterTests(RedisClusterFixture cluster) : UserCorrelationStoreTests(SharedStateBackend.Cluster, cluster), IClassFixture<RedisClusterFixture>;
