using System.Diagnostics;
using Liveness.Testing;
using StackExchange.Redis;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>The cluster fixture is a real Redis Cluster: slots spread over its nodes, cross-slot transactions refused, nothing left behind.</summary>
public sealed class RedisClusterTests
{
    [Fact]
    public async Task StartAsync_ThreeNodes_ClusterOkAndCrossSlotTransactionRefused()
    {
        RedisCluster cluster;
        await using (cluster = await RedisCluster.StartAsync())
        {
            foreach (var port in cluster.Ports)
            {
                Assert.Contains("cluster_state:ok", await cluster.CommandAsync(port, "CLUSTER", "INFO"), StringComparison.Ordinal);
                Assert.Contains($"cluster_known_nodes:{RedisCluster.NodeCount}", await cluster.CommandAsync(port, "CLUSTER", "INFO"), StringComparison.Ordinal);
            }

            await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
            var db = redis.GetDatabase();
            await db.StringSetAsync("a", "1");
            await db.StringSetAsync("b", "2"); // another slot, on another node
            Assert.Equal("1", await cluster.KeyCommandAsync("GET", "a").ContinueWith(t => t.Result.Trim(), TaskScheduler.Default));
            var transaction = db.CreateTransaction();
            _ = transaction.StringSetAsync("a", "3");
            _ = transaction.StringSetAsync("b", "4");
            await Assert.ThrowsAsync<RedisCommandException>(() => transaction.ExecuteAsync()); // refused client-side: not a RedisException
        }

        foreach (var port in cluster.Ports)
        {
            Assert.DoesNotContain(Process.GetProcessesByName("redis-server"), p => CommandLine(p).Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        }
    }

    private static string CommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
