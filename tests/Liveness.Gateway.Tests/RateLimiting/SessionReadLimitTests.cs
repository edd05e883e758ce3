using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>The per-user read limit: per user, after authentication, refused with 429 problem+json, a log event and a metric, without a Face call.</summary>
public sealed class SessionReadLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Dictionary<string, string?> ThreeReadsPerMinute = new()
    {
        ["RateLimiting:SessionReads:PermitLimit"] = "3",
        ["RateLimiting:SessionReads:Window"] = "00:01:00",
    };

    [Fact]
    public async Task Read_OverPerUserLimit_Returns429ProblemWithRetryAfter_WithoutFaceCall()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await CreateAsync(client);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);
        }

        var refused = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.InRange(SessionCreationLimitTests.RetryAfterSeconds(refused), 1, 61);
        Assert.Contains("Retry after", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var reads = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.GetLivenessSessionResult) - before.Count(EmulatorOperations.GetLivenessSessionResult);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task Read_OneUserOverLimit_OtherUserStillServed()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var busy = fixture.ClientFor(GatewayFixture.NewUser("busy"), gateway);
        using var other = fixture.ClientFor(GatewayFixture.NewUser("other"), gateway);
        var busySession = await CreateAsync(busy);
        var otherSession = await CreateAsync(other);

        for (var i = 0; i < 5; i++)
        {
            await busy.GetAsync($"/api/liveness/sessions/{busySession}");
        }

        await (await busy.GetAsync($"/api/liveness/sessions/{busySession}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/liveness/sessions/{otherSession}")).StatusCode);
    }

    [Fact]
    public async Task Read_ImagesAndVerifyResults_CountAgainstTheSameReadLimit()
    {
        await using var gateway = fixture.CreateGateway(ThreeReadsPerMinute);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var form = TestImages.VerifyForm(TestImages.Jpeg());
        var verify = (await (await client.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        var liveness = await CreateAsync(client);
        await fixture.Emulator.Control.CompleteAsync(liveness, "realface", sessionImage: true);

        var result = await (await client.GetAsync($"/api/liveness/sessions/{liveness}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness/session-images/{imageId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/liveness-with-verify/sessions/{verify}")).StatusCode);

        await (await client.GetAsync($"/api/liveness/session-images/{imageId}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionReadLimit");
    }

    [Fact]
    public async Task Rejection_LogsEventAndCountsMetricNamingTheLimit()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:SessionCreation:PermitLimit"] = "1" });
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var measurements = new ConcurrentQueue<string?>();
        using var listener = ListenToRejections(gateway, measurements);

        await CreateAsync(client);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "SessionCreationLimit");

        Assert.Equal("session_creation", Assert.Single(measurements));
        var logged = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 3001);
        Assert.Equal("SessionCreationLimit", logged.Values["Limit"]);
    }

    [Fact]
    public async Task AnonymousFlood_Returns401NotLimited_AndSpendsNoPermit()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
            ["RateLimiting:SessionReads:PermitLimit"] = "1",
        });
        using var anonymous = gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 20; i++)
        {
            await (await anonymous.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        Assert.Empty(redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "rl:*anonymous*"));

        // A user with a token still has the whole allowance.
        using var user = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync("/api/liveness/sessions", new { })).StatusCode);
    }

    internal static async Task<string> CreateAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

    private static MeterListener ListenToRejections(GatewayApp gateway, ConcurrentQueue<string?> limits)
    {
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "liveness.gateway.rate_limit.rejections")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "limit")
                {
                    limits.Enqueue(tag.Value as string);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
