using System.Net.Http.Headers;
using Liveness.Policies.Identity;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// Real parts for one test class: a redis-server on a free port, the Face emulator on a real port,
/// an OIDC issuer whose keys are minted at run time, and the gateway wired to all three.
/// Tests use fresh user names, so classes and tests do not see each other's sessions.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public const string Audience = "liveness-gateway";

    /// <summary>The <c>iss</c> of the gateways' liveness assertions.</summary>
    public const string AssertionIssuer = "https://liveness-gateway.test";

    /// <summary>The gateways' assertion signing key, minted once per test run (outside Development a key is required).</summary>
    public static EcSigningKey AssertionKey { get; } = EcSigningKey.Create();

    static GatewayFixture()
    {
        // As in Kubernetes (deploy/k8s sets it too): configuration files are polled, not watched with
        // inotify. A test run starts and stops well over a hundred gateways, and the watchers of one
        // that failed to start are never released, so inotify instances (128 per user) would run out.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public RedisServer Redis { get; private set; } = null!;

    public EmulatorHost Emulator { get; private set; } = null!;

    public OidcIssuer Issuer { get; private set; } = null!;

    public GatewayApp Gateway { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Emulator = await EmulatorHost.StartAsync();
        Issuer = await OidcIssuer.StartAsync(Audience);
        Gateway = CreateGateway();
        Gateway.StartServer(); // start now, so configuration errors surface here
    }

    /// <summary>The Redis the gateways use: this fixture's <see cref="Redis"/> server unless a derived fixture says otherwise.</summary>
    public virtual string RedisConnectionString => Redis.ConnectionString;

    /// <summary>The client ports of the Redis the gateways use (one server, or every node of a cluster).</summary>
    public virtual IReadOnlyList<int> RedisPorts => [Redis.Port];

    /// <summary>Runs one command on the Redis the gateways use, on the node that holds its key (e.g. <c>EXISTS key</c>).</summary>
    public virtual Task<string> RedisKeyCommandAsync(params string[] args) => Redis.CommandAsync(args);

    /// <summary>Runs one command on every node of the Redis the gateways use (e.g. <c>CONFIG SET</c>, <c>CLIENT PAUSE</c>).</summary>
    public virtual async Task RedisCommandOnEveryNodeAsync(params string[] args) => await Redis.CommandAsync(args);

    /// <summary>Settings that wire a gateway to this fixture's Redis, emulator and issuer.</summary>
    public Dictionary<string, string?> BaseSettings()
    {
        var settings = new Dictionary<string, string?>(Issuer.GatewaySettings(Audience))
        {
            ["Face:Endpoint"] = Emulator.BaseAddress.ToString(),
            ["Face:ApiKey"] = Emulator.ApiKey,
            ["ConnectionStrings:Redis"] = RedisConnectionString,
            ["Liveness:Assertions:Issuer"] = AssertionIssuer,
            ["Liveness:Assertions:SigningKeys:0"] = AssertionKey.PrivateKeyPem,

            // The gateways of a class share one Redis, so one gateway's sweeper (on its own clock) would delete the
            // others' sessions at Face: the deletion tests turn it on or call DeletionSweeper.SweepOnceAsync.
            ["Sessions:Sweeper:Enabled"] = "false",
        };
        return settings;
    }

    /// <summary>Another gateway on the same parts, with <paramref name="overrides"/> applied.</summary>
    public GatewayApp CreateGateway(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = BaseSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewayApp(settings, services: services);
    }

    /// <summary>An HTTP client of the gateway acting as <paramref name="subject"/> (a real signed JWT).</summary>
    public HttpClient ClientFor(string subject, GatewayApp? gateway = null)
    {
        var client = (gateway ?? Gateway).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Tokens.Create(subject));
        return client;
    }

    /// <summary>Restarts Redis if a test stopped it, and waits until <paramref name="gateway"/>'s Redis client has reconnected.</summary>
    public async Task EnsureRedisAsync(GatewayApp? gateway = null)
    {
        await Redis.StartAgainAsync();
        var redis = (gateway ?? Gateway).Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        for (var attempt = 0; attempt < 200 && !redis.IsConnected; attempt++)
        {
            await Task.Delay(100); // the Redis client's reconnect is a real background process
        }

        Assert.True(redis.IsConnected, "the gateway did not reconnect to Redis within 20 s");
    }

    /// <summary>The store's owner key of <paramref name="subject"/> (a user of this fixture's issuer): the hash tag of its Redis keys.</summary>
    public string OwnerKeyOf(string subject) => UserId.Create(Issuer.Tokens.Issuer, subject).Key;

    /// <summary>A new user name, unique to the calling test.</summary>
    public static string NewUser(string name = "user") => $"{name}-{Guid.NewGuid():N}";

    public virtual async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Issuer.DisposeAsync();
        await Emulator.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
