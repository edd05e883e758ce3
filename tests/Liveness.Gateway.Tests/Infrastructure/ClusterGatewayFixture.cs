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

    protected override string RedisConnectionString => Cluster.ConnectionString;

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
