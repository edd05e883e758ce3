using Liveness.Testing;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// <see cref="GatewayFixture"/> with the gateways' Redis a real 3-node Redis Cluster (<see cref="RedisCluster"/>),
/// the shape of Azure Managed Redis and ElastiCache in cluster mode. The fixture's single
/// <see cref="GatewayFixture.Redis"/> server still runs, unused by the gateways.
/// </summary>
public sealed class ClusterGatewayFixture : GatewayFixture
{
    public RedisCluster Cluster { get; private set; } = null!;

    public override string RedisConnectionString => Cluster.ConnectionString;

    public override IReadOnlyList<int> RedisPorts => Cluster.Ports;

    public override Task<string> RedisKeyCommandAsync(params string[] args) => Cluster.KeyCommandAsync(args);

    public override async Task RedisCommandOnEveryNodeAsync(params string[] args)
    {
        foreach (var port in Cluster.Ports)
        {
            await Cluster.CommandAsync(port, args);
        }
    }

    public override async Task InitializeAsync()
    {
        Cluster = await RedisCluster.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
