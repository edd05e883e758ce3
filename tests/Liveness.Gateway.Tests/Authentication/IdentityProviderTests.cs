using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>
/// The gateway against a real OpenID provider (oidc-provider, <see cref="OpenIdProvider"/>) that hangs,
/// fails, rotates and removes keys. The gateway's clock is a <see cref="FakeTimeProvider"/>: refresh
/// intervals, backoff and the fetch bound move with it. Provider calls are counted by the provider.
/// </summary>
public sealed class IdentityProviderTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Sessions = "/api/liveness/sessions";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);       // default BackchannelTimeout
    private static readonly TimeSpan KeysRefresh = TimeSpan.FromMinutes(5); // default AutomaticRefreshInterval
    private static readonly TimeSpan UnknownKeyRefresh = TimeSpan.FromSeconds(30); // default RefreshInterval

    [Fact]
    public async Task HungProvider_FirstRequest_Answers503WithinTheBound_NotReadyButLive()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        await provider.HangAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        var token = await provider.MintAsync();

        var pending = Get(client, token);
        await WaitForAsync(async () => (await provider.CallsAsync()).Metadata == 1);
        await Task.Delay(200); // real time: nothing but the gateway's own clock may end the wait
        Assert.False(pending.IsCompleted);

        time.Advance(Bound);
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "IdentityProviderUnavailable");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task FailingProvider_ManyConcurrentRequests_OneFetchThenBackoff_ReadyOnceKeysLoad()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        await provider.FailAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        var token = await provider.MintAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get(client, token)));
        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "IdentityProviderUnavailable");
        }

        for (var i = 0; i < 10; i++)
        {
            await (await Get(client, token)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "IdentityProviderUnavailable");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(new ProviderCalls(1, 0), await provider.CallsAsync()); // 30 requests and a probe, one fetch: then backing off

        await provider.AnswerAsync();
        time.Advance(TimeSpan.FromSeconds(2)); // past the first backoff
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        await (await Get(client, token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new ProviderCalls(2, 1), await provider.CallsAsync());
    }

    [Fact]
    public async Task RemovedKey_TokenRemembered_RefusedOnceTheKeysAreRefreshed()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var refresh = TimeSpan.FromMinutes(2); // shorter than the validated-token cache's 5 minutes: the refresh itself must end the entry
        await using var gateway = Gateway(provider, time, new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:AutomaticRefreshInterval"] = refresh.ToString(),
        });
        using var client = gateway.CreateClient();
        var oldKid = (await provider.KeyIdsAsync()).Single();
        var oldToken = await provider.MintAsync();
        await (await Get(client, oldToken)).ReadJsonAsync(HttpStatusCode.OK);
        await (await Get(client, oldToken)).ReadJsonAsync(HttpStatusCode.OK); // remembered

        await provider.AddKeyAsync();
        await provider.RemoveKeyAsync(oldKid); // revoked
        var newToken = await provider.MintAsync();
        time.Advance(refresh);

        await (await Get(client, oldToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Get(client, newToken)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await provider.CallsAsync()).Jwks);
    }

    [Fact]
    public async Task UnreachableProvider_KeysLoadedBefore_StillUsedUntilItAnswersAgain()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        var token = await provider.MintAsync();
        await (await Get(client, token)).ReadJsonAsync(HttpStatusCode.OK);

        await provider.FailAsync();
        time.Advance(KeysRefresh);
        await (await Get(client, token)).ReadJsonAsync(HttpStatusCode.OK); // the refresh failed: last keys kept
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        var kid = (await provider.KeyIdsAsync()).Single();
        await provider.AnswerAsync();
        await provider.AddKeyAsync();
        await provider.RemoveKeyAsync(kid);
        time.Advance(TimeSpan.FromMinutes(1)); // past the backoff
        await (await Get(client, token)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnreachableProvider_TokenWithAnUnknownKey_Answers503WithRetryAfterNotA401()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        await (await Get(client, await provider.MintAsync())).ReadJsonAsync(HttpStatusCode.OK); // keys loaded

        await provider.FailAsync();
        await provider.AddKeyAsync(); // rotated while the gateway cannot see it
        var token = await provider.MintAsync();
        time.Advance(UnknownKeyRefresh);

        var first = await Get(client, token); // its refresh fails
        await first.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "IdentityProviderUnavailable");
        Assert.NotNull(first.Headers.RetryAfter?.Delta);
        var waiting = await Get(client, token); // backing off: no new fetch, the same answer
        await waiting.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "IdentityProviderUnavailable");
        Assert.True(waiting.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(new ProviderCalls(2, 1), await provider.CallsAsync()); // one failed refresh

        await provider.AnswerAsync();
        time.Advance(UnknownKeyRefresh);
        await (await Get(client, token)).ReadJsonAsync(HttpStatusCode.OK);
        await (await Get(client, WithRandomKid(token))).AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenInvalid"); // answered again: unknown is unknown
    }

    [Fact]
    public async Task SecondRotationWithinMinutes_NewKeysTokenAcceptedAtOnce_RandomKidsDoNotHammerTheProvider()
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        await (await Get(client, await provider.MintAsync())).ReadJsonAsync(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromMinutes(1));
        await provider.AddKeyAsync(); // first rotation
        await (await Get(client, await provider.MintAsync())).ReadJsonAsync(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromMinutes(1));
        await provider.AddKeyAsync(); // second rotation, two minutes after the first
        var token = await provider.MintAsync();
        await (await Get(client, token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (await provider.CallsAsync()).Jwks);

        // A flood of tokens naming keys the provider never had: at most one refresh per RefreshInterval.
        var flood = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get(client, WithRandomKid(token))));
        Assert.All(flood, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal(3, (await provider.CallsAsync()).Jwks);
        time.Advance(UnknownKeyRefresh);
        flood = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get(client, WithRandomKid(token))));
        Assert.All(flood, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal(4, (await provider.CallsAsync()).Jwks);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public async Task RotationToAnotherAlgorithm_TokenAccepted(string algorithm)
    {
        await using var provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(provider, time);
        using var client = gateway.CreateClient();
        await (await Get(client, await provider.MintAsync())).ReadJsonAsync(HttpStatusCode.OK);

        time.Advance(UnknownKeyRefresh);
        await provider.AddKeyAsync(algorithm);
        await (await Get(client, await provider.MintAsync())).ReadJsonAsync(HttpStatusCode.OK);
    }

    private GatewayApp Gateway(OpenIdProvider provider, TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null) =>
        fixture.CreateGateway(
            new Dictionary<string, string?>(provider.GatewaySettings(GatewayFixture.Audience).Concat(settings ?? new Dictionary<string, string?>())),
            services => services.AddSingleton(time));

    private static Task<HttpResponseMessage> Get(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Sessions, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    /// <summary>The token with a header naming a key id nobody has (its signature no longer matches either).</summary>
    private static string WithRandomKid(string token)
    {
        var parts = token.Split('.');
        var header = $$"""{"alg":"RS256","typ":"at+jwt","kid":"{{Guid.NewGuid()}}"}""";
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{parts[1]}.{parts[2]}";
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition was not met within 10 s.");
    }
}
