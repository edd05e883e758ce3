using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>
/// The validated-token cache in the real gateway (OIDC discovery, real signed tokens, the gateway's
/// clock a <see cref="FakeTimeProvider"/>): it changes no answer a client sees.
/// </summary>
public sealed class TokenCacheTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Token_UsedAgain_KeepsWorkingFromOneEntry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(time);
        using var client = ClientWith(gateway, Token(GatewayFixture.NewUser(), time));
        var cache = gateway.Services.GetRequiredService<ValidatedTokenCache>();

        for (var i = 0; i < 3; i++)
        {
            await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        }

        time.Advance(TimeSpan.FromMinutes(4));
        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, cache.Count);
        Assert.Equal(3, cache.Hits); // validated once, then answered from memory
    }

    [Fact]
    public async Task Token_ExpiresWhileRemembered_Returns401OnceTheClockIsPastExpiryAndSkew()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(time);
        using var client = ClientWith(gateway, Token(GatewayFixture.NewUser(), time, TimeSpan.FromMinutes(3)));
        await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1)); // expired, but inside the 5-minute skew
        await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromMinutes(5)); // past exp + skew
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await (await client.GetAsync("/api/liveness/sessions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refused = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter == "error=\"invalid_token\"");
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task TamperedCopyOfARememberedToken_Returns401_TheOriginalStillWorks()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(time);
        var token = Token(GatewayFixture.NewUser("alice"), time);
        using var client = ClientWith(gateway, token);
        await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, gateway.Services.GetRequiredService<ValidatedTokenCache>().Hits); // the token is remembered
        var parts = token.Split('.');
        var bobsPayload = Token(GatewayFixture.NewUser("bob"), time).Split('.')[1];
        string[] tampered =
        [
            $"{parts[0]}.{bobsPayload}.{parts[2]}",                                       // another subject, the remembered signature
            $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}", // signature altered
            $"{parts[0]}.{parts[1]}.",                                                 // signature dropped
            fixture.Issuer.Tokens.CreateForged(GatewayFixture.NewUser("alice")),       // another key
        ];

        foreach (var copy in tampered)
        {
            using var attacker = ClientWith(gateway, copy);
            await (await attacker.GetAsync("/api/liveness/sessions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TwoUsersTokensRemembered_EachSeesOnlyTheirOwnSessions()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = Gateway(time);
        using var alice = ClientWith(gateway, Token(GatewayFixture.NewUser("alice"), time));
        using var bob = ClientWith(gateway, Token(GatewayFixture.NewUser("bob"), time));
        var alicesSession = await CreateSessionAsync(alice);
        var bobsSession = await CreateSessionAsync(bob);

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal([alicesSession], await ListSessionsAsync(alice));
            Assert.Equal([bobsSession], await ListSessionsAsync(bob));
        }

        await (await bob.GetAsync($"/api/liveness/sessions/{alicesSession}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(gateway.Services.GetRequiredService<ValidatedTokenCache>().Hits >= 6, "the lists were not answered from memory");
    }

    [Fact]
    public async Task MoreDistinctTokensThanTheBound_AllStillAuthenticateAsTheirOwnUser()
    {
        const int Bound = 2; // small, so few sessions are created (Face calls share the upstream budget)
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cache = new ValidatedTokenCache(time, maxEntries: Bound);
        await using var gateway = Gateway(time, services => services.AddSingleton(cache));
        var users = new List<(HttpClient Client, string Session)>();
        for (var i = 0; i < (2 * Bound) + 1; i++)
        {
            var client = ClientWith(gateway, Token(GatewayFixture.NewUser($"user{i}"), time));
            users.Add((client, await CreateSessionAsync(client)));
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var (client, session) in users)
            {
                Assert.Equal([session], await ListSessionsAsync(client));
            }
        }

        Assert.InRange(cache.Count, 1, Bound);
        users.ForEach(user => user.Client.Dispose());
    }

    [Fact]
    public async Task ConfiguredSigningKeys_TokenUsedAgain_AnsweredFromMemory_AnotherKeysToken401()
    {
        // The dotnet user-jwts shape: ValidIssuer and SigningKeys in configuration, no OIDC discovery.
        var key = RandomNumberGenerator.GetBytes(32);
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:Authority"] = null,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = "dotnet-user-jwts",
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = "dotnet-user-jwts",
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(key),
            ["Authentication:Schemes:Bearer:SigningKeys:0:Length"] = "32",
            ["Authentication:Schemes:Bearer:SigningKeys:0:Id"] = "test-key",
        });
        var cache = gateway.Services.GetRequiredService<ValidatedTokenCache>();
        using var client = ClientWith(gateway, SymmetricToken(key, GatewayFixture.NewUser()));

        for (var i = 0; i < 3; i++)
        {
            await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal(2, cache.Hits); // the configured keys are the same objects on every request
        using var forger = ClientWith(gateway, SymmetricToken(RandomNumberGenerator.GetBytes(32), GatewayFixture.NewUser()));
        await (await forger.GetAsync("/api/liveness/sessions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string SymmetricToken(byte[] key, string subject) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "dotnet-user-jwts",
            Audience = GatewayFixture.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key) { KeyId = "test-key" }, SecurityAlgorithms.HmacSha256),
        });

    private GatewayApp Gateway(TimeProvider time, Action<IServiceCollection>? services = null) =>
        fixture.CreateGateway(services: collection =>
        {
            collection.AddSingleton(time);
            services?.Invoke(collection);
        });

    /// <summary>A real signed token, issued at the gateway's (fake) now.</summary>
    private string Token(string subject, FakeTimeProvider time, TimeSpan? lifetime = null) =>
        fixture.Issuer.Tokens.Create(subject, lifetime: lifetime, now: time.GetUtcNow().UtcDateTime);

    private static HttpClient ClientWith(GatewayApp gateway, string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> CreateSessionAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

    private static async Task<string[]> ListSessionsAsync(HttpClient client) =>
        [.. (await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()!)];
}
