using System.Globalization;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.Tests.Results;

/// <summary><see cref="FinishedResultCacheServiceCollectionExtensions.AddFinishedResultCache"/> on its own, with a redis-server of this class's own.</summary>
public sealed class FinishedResultCacheServiceCollectionExtensionsTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AddFinishedResultCache_Alone_StoresInRedisForTheConfiguredRecordLifetime()
    {
        var builder = SharedStateHost.Builder(_redis.ConnectionString, settings: new Dictionary<string, string?> { ["Sessions:RecordTimeToLive"] = "3.00:00:00" });
        builder.Services.AddFinishedResultCache();
        using var host = builder.Build();
        var cache = host.Services.GetRequiredService<IFinishedResultCache>();
        var session = new SessionRecord(Guid.NewGuid().ToString(), "owner-key", SessionKind.Liveness, DateTimeOffset.UtcNow, "Succeeded");

        await cache.StoreAsync(session, "{}"u8.ToArray(), default);

        Assert.Equal("{}"u8.ToArray(), await cache.FindAsync(session, default));
        var ttl = long.Parse((await _redis.CommandAsync("TTL", $"liveness:{{owner-key}}:result:{session.SessionId}")).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, (long)TimeSpan.FromDays(3).TotalSeconds - 60, (long)TimeSpan.FromDays(3).TotalSeconds); // Sessions:RecordTimeToLive, not the 49 h default
        Assert.IsType<RedisSessionRemovalNotices>(host.Services.GetRequiredService<ISessionRemovalNotices>());
    }
}
