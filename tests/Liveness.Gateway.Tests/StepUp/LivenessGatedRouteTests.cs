using System.Globalization;
using System.Net;
using Liveness.Gateway.Tests.Assertions;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.StepUp;

/// <summary>
/// Routes of an app's own API gated on a recent liveness pass (RFC 9470 step-up): without a qualifying pass the
/// gateway answers 401 <c>LivenessRequired</c> with the step-up challenge and nothing reaches the app; with one, the
/// request reaches the app with the gateway's signed assertion, which stock JwtBearer verifies through the JWK Set.
/// </summary>
public abstract class LivenessGatedRouteTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : GatewayFixture
{
    private AppBackend _app = null!;

    public async Task InitializeAsync() => _app = await AppBackend.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GatedRoute_NoPass_401StepUpChallenge_NothingReachesTheApp()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var before = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count;

        var response = await client.GetAsync("/api/app/recent/orders");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_user_authentication\"", challenge, StringComparison.Ordinal);
        Assert.Contains("max_age=600", challenge, StringComparison.Ordinal);
        Assert.Empty(_app.Received);
        Assert.Equal(before, (await fixture.Emulator.Control.GetCallsAsync()).Requests.Count);
        Assert.Contains(gateway.Logs.Entries, e => e.Category == "Liveness.Gateway.Audit" && e.EventId.Id == 6004 && Equals(e.Values["Reason"], "liveness_required"));
    }

    [Fact]
    public async Task GatedRoute_NoToken_Plain401_NotAStepUp()
    {
        await using var gateway = Gateway();
        using var anonymous = gateway.CreateClient();

        var response = await anonymous.GetAsync("/api/app/recent/orders");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenMissing"); // not LivenessRequired
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(_app.Received);
    }

    [Fact]
    public async Task GatedRoute_AfterARealfacePass_ReachesTheAppWithAnAssertionStockJwtBearerVerifies()
    {
        await using var gateway = Gateway().UseRealPort();
        var alice = GatewayFixture.NewUser("alice");
        using var client = fixture.ClientFor(alice, gateway);
        var sessionId = await PassAsync(client);

        var response = await client.GetAsync("/api/app/recent/orders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (path, assertion) = Assert.Single(_app.Received);
        Assert.Equal("/api/app/recent/orders", path);
        Assert.NotNull(assertion);
        await using var verifier = new AssertionVerifierApp(client.BaseAddress!, audience: "app");
        var pass = await (await verifier.WhoPassedAsync(assertion!)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(alice, pass.GetProperty("subject").GetString());
        Assert.Equal(sessionId, pass.GetProperty("sessionId").GetString());
    }

    [Theory]
    [InlineData("spoofface")]
    [InlineData("uncertain")]
    public async Task GatedRoute_AfterACheckThatIsNotAPass_401(string decision)
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await PassAsync(client); // a pass first: the later failure must replace it
        await PassAsync(client, decision);

        await (await client.GetAsync("/api/app/recent/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        Assert.Empty(_app.Received);
    }

    [Fact]
    public async Task GatedRoute_CanceledSession_401()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CancelAsync(sessionId);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        await (await client.GetAsync("/api/app/recent/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
    }

    [Fact]
    public async Task GatedRoute_AnotherUsersPass_DoesNotLetBobThrough()
    {
        await using var gateway = Gateway();
        using var alice = fixture.ClientFor(GatewayFixture.NewUser("alice"), gateway);
        using var bob = fixture.ClientFor(GatewayFixture.NewUser("bob"), gateway);
        await PassAsync(alice);

        await (await bob.GetAsync("/api/app/recent/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/app/recent/orders")).StatusCode);
        Assert.Single(_app.Received);
    }

    [Fact]
    public async Task GatedRoute_PassOlderThanMaxAge_401_OnTheAppsClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = AppRoutes(_app.Address);
        settings["RateLimiting:Upstream:PermitsPerSecond"] = "1000"; // the Face budget's window is on this clock too, which does not move by itself
        await using var gateway = fixture.CreateGateway(settings, services => services.AddSingleton<TimeProvider>(time));
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await PassAsync(client);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/app/recent/orders")).StatusCode);

        time.Advance(TimeSpan.FromMinutes(2)); // 11 minutes after the pass; MaxAge is 10

        await (await client.GetAsync("/api/app/recent/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        Assert.Single(_app.Received);
    }

    [Fact]
    public async Task GatedRoute_PolicyForVerifyPassesOnly_LivenessPassDoesNotCount()
    {
        await using var gateway = Gateway();
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        await PassAsync(client);

        await (await client.GetAsync("/api/app/verify/transfer")).AssertProblemAsync(HttpStatusCode.Unauthorized, "LivenessRequired");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/app/recent/orders")).StatusCode);
    }

    [Fact]
    public async Task SingleUsePolicy_TwentyParallelRequestsOnTwoGatewayProcesses_ExactlyOneReachesTheApp()
    {
        await using var first = Gateway(); // this process
        var port = FreePort.Next();
        var environment = fixture.BaseSettings().Concat(AppRoutes(_app.Address))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        environment["Management__Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var process = GatewayProcess.Start(environment); // another process, the same Redis
        try
        {
            var user = GatewayFixture.NewUser();
            using var one = fixture.ClientFor(user, first);
            using var other = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")) };
            other.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Issuer.Tokens.Create(user));
            await WaitUntilServingAsync(other, process);
            await PassAsync(one);

            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? one : other).GetAsync("/api/app/once/pay")));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
            Assert.Single(_app.Received);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task ClientSentLivenessAssertion_NeverReachesAnyCluster()
    {
        await using var gateway = Gateway();
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user, gateway);
        client.DefaultRequestHeaders.Add("Liveness-Assertion", "forged.by.client");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/app/open/profile")).StatusCode);
        await PassAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/app/recent/orders")).StatusCode);

        var received = _app.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Null(received[0].Assertion); // the ungated route: removed
        Assert.DoesNotContain("forged", received[1].Assertion, StringComparison.Ordinal); // the gated route: only the gateway's
        Assert.Equal(3, received[1].Assertion!.Split('.').Length);
        var faceCalls = (await fixture.Emulator.Control.GetCallsAsync()).Requests;
        Assert.DoesNotContain(faceCalls, call => call.Header("Liveness-Assertion") is not null);
    }

    private static async Task WaitUntilServingAsync(HttpClient client, System.Diagnostics.Process process)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(process.HasExited, "the gateway exited during startup");
            try
            {
                await client.GetAsync("/health/live");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100); // the process is still starting
            }
        }

        Assert.Fail("the gateway process did not start serving within 30 s");
    }

    /// <summary>Creates a session, finishes it with <paramref name="decision"/> at the emulator, and reads it as its owner (the gateway learns the verdict).</summary>
    private async Task<string> PassAsync(HttpClient client, string decision = "realface")
    {
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, decision);
        await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        return sessionId;
    }

    private GatewayApp Gateway(Action<IServiceCollection>? services = null) => fixture.CreateGateway(AppRoutes(_app.Address), services);

    /// <summary>The app's cluster and four routes to it: three gated by liveness policies, one open to any signed-in user.</summary>
    internal static Dictionary<string, string?> AppRoutes(string appAddress)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Liveness:Policies:RecentPass:MaxAge"] = "00:10:00",
            ["Liveness:Policies:OncePass:SingleUse"] = "true",
            ["Liveness:Policies:VerifyPass:Kinds:0"] = "livenessWithVerify",
            ["ReverseProxy:Clusters:app:Destinations:d1:Address"] = appAddress,
        };
        foreach (var (route, policy) in new[] { ("recent", "RecentPass"), ("once", "OncePass"), ("verify", "VerifyPass"), ("open", "LivenessUser") })
        {
            settings[$"ReverseProxy:Routes:app-{route}:ClusterId"] = "app";
            settings[$"ReverseProxy:Routes:app-{route}:AuthorizationPolicy"] = policy;
            settings[$"ReverseProxy:Routes:app-{route}:Match:Path"] = $"/api/app/{route}/{{**rest}}";
        }

        return settings;
    }
}

/// <summary><see cref="LivenessGatedRouteTests{TFixture}"/> on a single redis-server.</summary>
public sealed class LivenessGatedRouteOnRedisTests(GatewayFixture fixture) : LivenessGatedRouteTests<GatewayFixture>(fixture);

/// <summary><see cref="LivenessGatedRouteTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class LivenessGatedRouteOnClusterTests(ClusterGatewayFixture fixture) : LivenessGatedRouteTests<ClusterGatewayFixture>(fixture);
