using Liveness.Gateway.Health;
using Liveness.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Liveness.Gateway.Tests.Health;

/// <summary><see cref="HealthExtensions.AddGatewayHealth"/> reads the Redis setting itself, before or without the store's registration.</summary>
public sealed class HealthExtensionsTests
{
    [Fact]
    public async Task RedisCheck_RegisteredBeforeTheStore_RedisConfiguredButUnreachable_IsUnhealthy()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["ConnectionStrings:Redis"] = $"127.0.0.1:{FreePort.Next()},abortConnect=false,connectTimeout=500";
        builder.AddGatewayHealth();
        await using var app = builder.Build();

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "redis");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["redis"].Status); // not "healthy: in-memory store"
    }
}
