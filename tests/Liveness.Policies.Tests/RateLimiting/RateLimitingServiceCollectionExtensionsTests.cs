using Liveness.Policies.RateLimiting;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary><see cref="RateLimitingServiceCollectionExtensions.AddRateLimits"/> on its own, with a redis-server of this class's own.</summary>
public sealed class RateLimitingServiceCollectionExtensionsTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AddRateLimits_Alone_BudgetAndUserLimitsLiveInRedis()
    {
        var builder = SharedStateHost.Builder(_redis.ConnectionString);
        builder.Services.AddRateLimits();
        builder.Services.AddRateLimits();
        using var host = builder.Build();

        var permit = await host.Services.GetRequiredService<IUpstreamBudget>().TryAcquireAsync(default);
        var limiters = host.Services.GetRequiredService<UserRateLimiters>();

        Assert.True(permit.IsAcquired);
        Assert.NotNull(limiters);
        Assert.NotEqual(string.Empty, (await _redis.CommandAsync("KEYS", "{liveness:upstream}*")).Trim());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IUpstreamBudget));
    }
}
