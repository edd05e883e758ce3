using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Identity;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Gateway.Tests.Face;

/// <summary>
/// <c>Face:Credential=EntraId</c> against the emulator's static bearer token (the Entra stand-in),
/// with a <see cref="TokenCredential"/> in place of DefaultAzureCredential and time moved, not waited for.
/// </summary>
public sealed class EntraIdCredentialTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Dictionary<string, string?> EntraId = new() { ["Face:Credential"] = "EntraId" };

    [Fact]
    public async Task Create_EntraId_SendsBearerTokenAndNoKey_TokenFetchedOnceThenRefreshedBeforeExpiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new StandInCredential(time, fixture.Emulator.BearerToken!);
        await using var gateway = Gateway(EntraId, credential, time); // Face:ApiKey stays configured: it must not be sent
        using var client = ClientFor(gateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        }

        Assert.Equal(1, credential.Calls);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.LastScopes);
        var calls = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Skip(before.Requests.Count).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(EmulatorCalls.HashCredential($"Bearer {fixture.Emulator.BearerToken}"), call.Header("Authorization"));
            Assert.Null(call.Header("Ocp-Apim-Subscription-Key"));
        });

        time.Advance(TimeSpan.FromMinutes(54)); // the token (1 h) is still outside its refresh window (5 min before expiry)
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, credential.Calls);

        time.Advance(TimeSpan.FromMinutes(2)); // now inside it
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, credential.Calls);
        Assert.Equal(2, gateway.Logs.Entries.Count(e => e.EventId.Id == 8003));
        Assert.DoesNotContain(fixture.Emulator.BearerToken!, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EntraIdWithoutApiKey_StartsReadyAndServes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>(EntraId) { ["Face:ApiKey"] = null };
        await using var gateway = Gateway(settings, new StandInCredential(time, fixture.Emulator.BearerToken!), time);
        using var client = ClientFor(gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 8005);
    }

    [Fact]
    public async Task Create_CredentialFails_503ProblemLoggedCountedNoFaceCall_UnreadyUntilItRecovers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new StandInCredential(time, fixture.Emulator.BearerToken!) { Failing = true };
        await using var gateway = Gateway(EntraId, credential, time);
        using var metrics = new MetricCapture(gateway);
        using var client = ClientFor(gateway);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var refused = await client.PostAsJsonAsync("/api/liveness/sessions", new { });

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "UpstreamCredentialUnavailable");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 8004);
        var failure = Assert.Single(metrics.Of("liveness.gateway.face.credential.refresh_failures"));
        Assert.Equal("EntraId", failure.Tag("credential"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

        credential.Failing = false;
        time.Advance(TimeSpan.FromSeconds(6)); // past the pause after a failed attempt
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
    }

    private GatewayApp Gateway(Dictionary<string, string?> overrides, TokenCredential credential, TimeProvider time) =>
        fixture.CreateGateway(overrides, services =>
        {
            services.AddSingleton(credential);
            services.AddSingleton(time);
        });

    /// <summary>A client whose token outlives the time the tests move (the gateway's clock is the fake one).</summary>
    private HttpClient ClientFor(GatewayApp gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Issuer.Tokens.Create(GatewayFixture.NewUser(), lifetime: TimeSpan.FromHours(3)));
        return client;
    }

    /// <summary>Stands in for DefaultAzureCredential: the emulator's static token, valid for an hour of the fake clock.</summary>
    private sealed class StandInCredential(TimeProvider time, string token) : TokenCredential
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string[] LastScopes { get; private set; } = [];

        public bool Failing { get; set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            LastScopes = requestContext.Scopes;
            if (Failing)
            {
                throw new AuthenticationFailedException("WorkloadIdentityCredential authentication failed: the federated token file is missing.");
            }

            return ValueTask.FromResult(new AccessToken(token, time.GetUtcNow().AddHours(1)));
        }
    }
}
