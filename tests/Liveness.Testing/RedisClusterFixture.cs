using Xunit;

namespace Liveness.Testing;

/// <summary>
/// A <see cref="RedisCluster"/> for one test class (<c>IClassFixture&lt;RedisClusterFixture&gt;</c>), or as a
/// part of a bigger fixture: started before the first test, every node stopped after the last.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public RedisCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
