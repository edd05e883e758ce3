using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Liveness.Policies.Tests;

/// <summary>
/// The tests of one piece of shared state, <typeparamref name="TState"/> as its registration builds it, written once and
/// run by a subclass per backend (<see cref="SharedStateBackend"/>): in memory, on a redis-server of the test's own, or
/// on the 3-node Redis Cluster. A host with Redis runs as Production, one without as Development (the only environment
/// that may keep state in memory).
/// </summary>
public abstract class SharedStateTests<TState>(SharedStateBackend backend, RedisClusterFixture? cluster = null) : IAsyncLifetime
    where TState : notnull
{
    private IHost _host = null!;
    private RedisServer? _server;

    /// <summary>The state under test.</summary>
    protected TState State { get; private set; } = default!;

    /// <summary>The redis-server of <see cref="SharedStateBackend.OwnRedisServer"/>.</summary>
    protected RedisServer OwnServer => _server ?? throw new InvalidOperationException("This backend has no redis-server of its own.");

    /// <summary>The Redis the state uses; null in memory.</summary>
    protected string? RedisConnectionString => backend switch
    {
        SharedStateBackend.Memory => null,
        SharedStateBackend.OwnRedisServer => OwnServer.ConnectionString,
        _ => (cluster ?? throw new InvalidOperationException("The Cluster backend needs the RedisClusterFixture.")).Cluster.ConnectionString,
    };

    /// <summary>Registers the state under test (and what it needs, e.g. a fake clock) on <paramref name="services"/>.</summary>
    protected abstract void Register(IServiceCollection services);

    public virtual async Task InitializeAsync()
    {
        if (backend == SharedStateBackend.OwnRedisServer)
        {
            _server = await RedisServer.StartAsync();
        }

        var builder = SharedStateHost.Builder(RedisConnectionString, environment: RedisConnectionString is null ? "Development" : "Production");
        Register(builder.Services);
        _host = builder.Build();
        State = _host.Services.GetRequiredService<TState>();
    }

    public virtual async Task DisposeAsync()
    {
        _host.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
