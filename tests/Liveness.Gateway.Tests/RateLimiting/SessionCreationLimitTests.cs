using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>The per-user creation limit is shared by every replica through Redis, is per user, and its Retry-After is honest.</summary>
public abstract class SessionCreationLimitTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    private const int PermitLimit = 3;

    [Fact]
    public async Task Create_TwoReplicasSharingRedis_UserGetsExactlyPermitLimitAcrossBoth()
    {
        // A short window, so that the retry below waits for real: RedisRateLimiting's fixed window reads the
        // replicas' system clock (not an injectable TimeProvider), so the test cannot move its time.
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = PermitLimit.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:SessionCreation:Window"] = "00:00:03",
        };
        await using var first = fixture.CreateGateway(settings).UseRealPort();
        await using var second = fixture.CreateGateway(settings).UseRealPort();
        var user = GatewayFixture.NewUser();
        using var viaFirst = fixture.ClientFor(user, first);
        using var viaSecond = fixture.ClientFor(user, second);
        using var other = fixture.ClientFor(GatewayFixture.NewUser("other"), second);
        await WarmUpAsync(first, second);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < PermitLimit + 2; i++)
        {
            answers.Add(await (i % 2 == 0 ? viaFirst : viaSecond).PostAsJsonAsync("/api/liveness/sessions", new { }));
        }

        Assert.All(answers.Take(PermitLimit), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        foreach (var refused in answers.Skip(PermitLimit))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
        }

        var createdAtFace = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession) - before.Count(EmulatorOperations.CreateLivenessSession);
        Assert.Equal(PermitLimit, createdAtFace);

        // Another user is not affected by the first one's limit, on either replica.
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);

        // Retry-After is whole seconds, and a retry after it succeeds.
        var retryAfter = GatewayRequests.RetryAfterSeconds(answers[^1]);
        Assert.InRange(retryAfter, 1, 4);
        await Task.Delay(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(HttpStatusCode.Created, (await viaSecond.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
    }

    [Fact]
    public async Task Create_KindsCountedTogether_VerifyCreationSpendsTheSameAllowance()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = "2",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
        using (var form = TestImages.VerifyForm(TestImages.Jpeg()))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/liveness-with-verify/sessions", form)).StatusCode);
        }

        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
    }

    [Fact]
    public async Task Create_KindsCountedSeparately_EachKindHasItsOwnAllowance()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
            ["RateLimiting:SessionCreation:CountKindsSeparately"] = "true",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
        using (var form = TestImages.VerifyForm(TestImages.Jpeg()))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/liveness-with-verify/sessions", form)).StatusCode);
        }

        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
        using var again = TestImages.VerifyForm(TestImages.Jpeg());
        await (await client.PostAsync("/api/liveness-with-verify/sessions", again)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
    }

    [Fact]
    public async Task Create_AfterFirstRefusal_RefusedWithoutAskingRedisUntilTheWindowCloses_ThenCreated()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
            ["RateLimiting:SessionCreation:Window"] = "00:00:05",
        });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
        await using var monitor = await RedisMonitor.StartAsync(fixture.RedisPorts);

        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            refused.Add(await client.PostAsJsonAsync("/api/liveness/sessions", new { }));
        }

        foreach (var answer in refused)
        {
            await answer.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");
            Assert.InRange(GatewayRequests.RetryAfterSeconds(answer), 1, 6);
        }

        // Only the first refusal asked Redis.
        Assert.Equal(1, await monitor.CountAsync("{liveness:create:"));

        await Task.Delay(TimeSpan.FromSeconds(GatewayRequests.RetryAfterSeconds(refused[^1])));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
    }


    /// <summary>First requests pay for start-up work (JIT, connections); a user of its own takes them, so the window under test is not spent waiting.</summary>
    private async Task WarmUpAsync(params GatewayApp[] gateways)
    {
        foreach (var gateway in gateways)
        {
            using var warm = fixture.ClientFor(GatewayFixture.NewUser("warm-up"), gateway);
            Assert.Equal(HttpStatusCode.Created, (await warm.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
        }
    }
}

/// <summary><see cref="SessionCreationLimitTests{TFixture}"/> on a single redis-server.</summary>
public sealed class SessionCreationLimitOnRedisTests(GatewayFixture fixture) : SessionCreationLimitTests<GatewayFixture>(fixture);

/// <summary><see cref="SessionCreationLimitTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class SessionCreationLimitOnClusterTests(ClusterGatewayFixture fixture) : SessionCreationLimitTests<ClusterGatewayFixture>(fixture);
