namespace Liveness.Policies.Tests;

/// <summary>Where a <see cref="SharedStateTests{TState}"/> keeps the state under test.</summary>
public enum SharedStateBackend
{
    /// <summary>This process's memory (what Development uses without Redis).</summary>
    Memory,

    /// <summary>A redis-server of the test's own, which the test may stop (<see cref="SharedStateTests{TState}.OwnServer"/>).</summary>
    OwnRedisServer,

    /// <summary>The 3-node Redis Cluster of a <see cref="Liveness.Testing.RedisClusterFixture"/>, shared by the class's tests.</summary>
    Cluster,
}
