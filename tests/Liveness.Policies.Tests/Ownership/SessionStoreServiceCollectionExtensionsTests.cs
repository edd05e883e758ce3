using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>
/// The session store's chain, composed by <see cref="SessionStoreServiceCollectionExtensions.AddSessionStore"/> alone,
/// and the shared state's registrations in any order, on a redis-server of this class's own.
/// </summary>
public sealed class SessionStoreServiceCollectionExtensionsTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AddSessionStore_WithRedis_DecoratorWrapsTheReplicaMemoryInFrontOfRedis()
    {
        var builder = SharedStateHost.Builder(_redis.ConnectionString);
        var decorated = new List<(ISessionStore Store, string Backend)>();
        builder.Services.AddSessionStore((_, store, backend) =>
        {
            decorated.Add((store, backend));
            return store;
        });
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<ISessionStore>();
        var record = new SessionRecord(Guid.NewGuid().ToString(), "owner-key", SessionKind.Liveness, DateTimeOffset.UtcNow, "NotStarted");

        await store.RecordAsync(record, default);
        Assert.Equal("1", (await _redis.CommandAsync("EXISTS", $"liveness:{{owner-key}}:session:{record.SessionId}")).Trim()); // the backend is Redis
        await _redis.CommandAsync("FLUSHALL");

        Assert.Equal(record, await store.FindAsync(record.SessionId, "owner-key", default)); // answered from the replica's memory
        var (inner, backendName) = Assert.Single(decorated);
        Assert.IsType<OwnerCachingSessionStore>(inner);
        Assert.Equal(SessionStoreServiceCollectionExtensions.RedisBackend, backendName);
    }

    [Fact]
    public async Task AddSessionStore_WithoutRedisInDevelopment_DecoratorIsToldTheBackendIsMemory()
    {
        var builder = SharedStateHost.Builder(redis: null);
        string? backend = null;
        builder.Services.AddSessionStore((_, store, name) =>
        {
            backend = name;
            return store;
        });
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<ISessionStore>();
        var record = new SessionRecord(Guid.NewGuid().ToString(), "owner-key", SessionKind.Liveness, DateTimeOffset.UtcNow, "NotStarted");

        await store.RecordAsync(record, default);

        Assert.Equal(record, await store.FindAsync(record.SessionId, "owner-key", default));
        Assert.Equal(SessionStoreServiceCollectionExtensions.MemoryBackend, backend);
    }

    [Fact]
    public void AddSessionStore_Twice_FailsSayingTheStoreIsComposedOnce()
    {
        var services = new ServiceCollection().AddSessionStore();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddSessionStore());

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedState_CacheAndLimitsBeforeTheStore_AllResolveOnOneRedisConnection()
    {
        var builder = SharedStateHost.Builder(_redis.ConnectionString);
        builder.Services.AddRateLimits();
        builder.Services.AddFinishedResultCache();
        builder.Services.AddSessionStore();
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<ISessionStore>();
        var results = host.Services.GetRequiredService<IFinishedResultCache>();
        var budget = host.Services.GetRequiredService<IUpstreamBudget>();
        var record = new SessionRecord(Guid.NewGuid().ToString(), "owner-key", SessionKind.Liveness, DateTimeOffset.UtcNow, "Succeeded");
        await store.RecordAsync(record, default);
        await results.StoreAsync(record, "{}"u8.ToArray(), default);
        var permit = await budget.TryAcquireAsync(default);

        Assert.True(permit.IsAcquired);
        Assert.Equal("1", (await _redis.CommandAsync("EXISTS", $"liveness:{{owner-key}}:result:{record.SessionId}")).Trim());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(StackExchange.Redis.IConnectionMultiplexer));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(ISessionRemovalNotices));
    }

    [Fact]
    public void SharedState_EveryRegistrationWithoutRedisInProduction_RefusesOnceWithOneLine()
    {
        var builder = SharedStateHost.Builder(redis: null, environment: "Production");
        builder.Services.AddFinishedResultCache();
        builder.Services.AddRateLimits();
        builder.Services.AddSessionStore();
        builder.Services.AddRedisConnection();
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SessionStoreOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("ConnectionStrings:Redis is not set", failure, StringComparison.Ordinal);
    }
}
