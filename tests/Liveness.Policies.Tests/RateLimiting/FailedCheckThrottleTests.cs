using Liveness.Policies.RateLimiting;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>
/// <see cref="FailedCheckServiceCollectionExtensions.AddFailedCheckThrottle"/>'s Redis throttle with its defaults
/// (5 failures in 3 minutes, then 30 minutes), on the app's clock, one session counted once, per owner.
/// </summary>
public abstract class FailedCheckThrottleTests(SharedStateBackend backend, RedisClusterFixture? cluster = null) : SharedStateTests<IFailedCheckThrottle>(backend, cluster)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())); // Redis keeps milliseconds
    private IFailedCheckThrottle Throttle => State;

    protected override void Register(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(_time);
        services.AddFailedCheckThrottle();
    }

    [Fact]
    public async Task FiveFailuresWithinTheWindow_FifthStartsA30MinuteCooldown_ForThatOwnerOnly()
    {
        var owner = NewOwner();
        for (var i = 0; i < 4; i++)
        {
            await FailAsync(owner);
            _time.Advance(TimeSpan.FromSeconds(40));
        }

        Assert.Null(await Throttle.RemainingCooldownAsync(owner, default));
        await FailAsync(owner);

        Assert.Equal(TimeSpan.FromMinutes(30), await Throttle.RemainingCooldownAsync(owner, default));
        Assert.Null(await Throttle.RemainingCooldownAsync(NewOwner(), default));
        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), await Throttle.RemainingCooldownAsync(owner, default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Throttle.RemainingCooldownAsync(owner, default));
    }

    [Fact]
    public async Task OneSessionReadAsFailedManyTimes_CountsOnce()
    {
        var owner = NewOwner();
        var sessionId = Guid.NewGuid().ToString();
        for (var i = 0; i < 10; i++)
        {
            await Throttle.RecordFailureAsync(owner, sessionId, default);
        }

        await FailAsync(owner);
        await FailAsync(owner);
        await FailAsync(owner);
        Assert.Null(await Throttle.RemainingCooldownAsync(owner, default)); // 4 sessions failed, not 13

        await FailAsync(owner);
        Assert.NotNull(await Throttle.RemainingCooldownAsync(owner, default));
    }

    [Fact]
    public async Task FailuresFurtherApartThanTheWindow_NeverStartACooldown()
    {
        var owner = NewOwner();
        for (var i = 0; i < 12; i++)
        {
            await FailAsync(owner);
            _time.Advance(TimeSpan.FromSeconds(46)); // 4 within any 3 minutes
        }

        Assert.Null(await Throttle.RemainingCooldownAsync(owner, default));
    }

    [Fact]
    public async Task AFailureDuringTheCooldown_ExtendsItTo30MinutesFromThatFailure()
    {
        var owner = NewOwner();
        for (var i = 0; i < 5; i++)
        {
            await FailAsync(owner);
        }

        _time.Advance(TimeSpan.FromMinutes(20));
        await FailAsync(owner); // a session created before the cooldown, finished now

        Assert.Equal(TimeSpan.FromMinutes(30), await Throttle.RemainingCooldownAsync(owner, default));
    }

    private Task FailAsync(string owner) => Throttle.RecordFailureAsync(owner, Guid.NewGuid().ToString(), default);

    private static string NewOwner() => Guid.NewGuid().ToString("N");
}

/// <summary><see cref="FailedCheckThrottleTests"/> on a single redis-server of its own.</summary>
public sealed class FailedCheckThrottleOnRedisTests() : FailedCheckThrottleTests(SharedStateBackend.OwnRedisServer)
{
    [Fact]
    public async Task Keys_UnderTheOwnersHashTag()
    {
        var owner = Guid.NewGuid().ToString("N");
        var sessionId = Guid.NewGuid().ToString();
        var builder = SharedStateHost.Builder(RedisConnectionString, environment: "Production", settings: new Dictionary<string, string?> { ["RateLimiting:FailedChecks:PermitLimit"] = "1" });
        builder.Services.AddFailedCheckThrottle();
        using var host = builder.Build();

        await host.Services.GetRequiredService<IFailedCheckThrottle>().RecordFailureAsync(owner, sessionId, default);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(OwnServer.ConnectionString);
        var db = redis.GetDatabase();
        Assert.True(await db.KeyExistsAsync($"liveness:{{{owner}}}:failure:{sessionId}"));
        Assert.True(await db.KeyExistsAsync($"liveness:{{{owner}}}:failures"));
        Assert.True(await db.KeyExistsAsync($"liveness:{{{owner}}}:cooldown"));
    }
}

/// <summary><see cref="FailedCheckThrottleTests"/> on a 3-node Redis Cluster: the script stays in the owner's slot.</summary>
public sealed class FailedCheckThrottleOnClusterTests(RedisClusterFixture cluster) : FailedCheckThrottleTests(SharedStateBackend.Cluster, cluster), IClassFixture<RedisClusterFixture>;
