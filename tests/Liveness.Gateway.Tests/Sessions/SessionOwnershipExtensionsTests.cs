using Liveness.Gateway.Sessions;
using Liveness.Gateway.Telemetry;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// The session store the gateway resolves, composed by <see cref="SessionOwnershipExtensions.AddSessionOwnership"/>
/// whatever the order of the registrations: instrumented, then the replica's memory, then Redis (a redis-server of this class's own).
/// </summary>
public sealed class SessionOwnershipExtensionsTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("ownership only")]
    [InlineData("telemetry first")]
    [InlineData("telemetry after")]
    public async Task Store_InAnyRegistrationOrder_IsMeasuredOutsideTheReplicaMemoryInFrontOfRedis(string order)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["ConnectionStrings:Redis"] = _redis.ConnectionString;
        switch (order)
        {
            case "ownership only":
                builder.AddSessionOwnership();
                break;
            case "telemetry first":
                builder.AddGatewayTelemetry();
                builder.AddSessionOwnership();
                break;
            default:
                builder.AddSessionOwnership();
                builder.AddGatewayTelemetry();
                break;
        }

        await using var app = builder.Build();
        using var metrics = new MetricCapture(app.Services);
        var store = app.Services.GetRequiredService<ISessionStore>();
        var record = new SessionRecord(Guid.NewGuid().ToString(), "owner-key", SessionKind.Liveness, DateTimeOffset.UtcNow, "NotStarted");

        await store.RecordAsync(record, default);
        Assert.Equal("1", (await _redis.CommandAsync("EXISTS", $"liveness:{{owner-key}}:session:{record.SessionId}")).Trim()); // reached Redis
        await _redis.CommandAsync("FLUSHALL");
        Assert.Equal(record, await store.FindAsync(record.SessionId, "owner-key", default)); // answered by the replica's memory
        Assert.Equal(record, await store.FindAsync(record.SessionId, "owner-key", default));

        var measured = metrics.Of(GatewayMetrics.StoreOperationDurationName);
        Assert.Single(measured, m => m.Tag("operation") == "record" && m.Tag("backend") == "redis" && m.Tag("outcome") == "ok");
        Assert.Equal(2, measured.Count(m => m.Tag("operation") == "find" && m.Tag("backend") == "redis" && m.Tag("outcome") == "ok"));
    }
}
