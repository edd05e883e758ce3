using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>
/// Signing keys from a mounted secret (files <c>Liveness__Assertions__SigningKeys__{n}</c> in a key-per-file
/// directory), rotated without a restart: publish the new key, sign with it, remove the old one.
/// </summary>
public sealed class AssertionKeyRotationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Backend = "payments-api";
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("liveness-assertion-keys-");

    public void Dispose() => _secrets.Delete(recursive: true);

    [Fact]
    public async Task SecretFiles_NewKeyAddedThenOldRemoved_NewKeySignsOldTokensVerifyUntilRemoved()
    {
        using var oldKey = EcSigningKey.Create();
        using var newKey = EcSigningKey.Create();
        await WriteKeysAsync(oldKey);
        await using var gateway = GatewayOnSecrets();
        using var client = gateway.CreateClient();
        var user = GatewayFixture.NewUser();
        var oldToken = gateway.Issue(fixture, user, Backend).Token;
        await using var runningBackend = new AssertionVerifierApp(client.BaseAddress!, Backend);
        Assert.Equal(HttpStatusCode.OK, (await runningBackend.WhoPassedAsync(oldToken)).StatusCode); // caches [old]
        Assert.Equal([oldKey.Thumbprint], await PublishedKeyIdsAsync(client));

        // Step 1 and 2 at once here: the new key first (it signs), the old one still published.
        await WriteKeysAsync(newKey, oldKey);
        Reload(gateway);
        var newToken = gateway.Issue(fixture, user, Backend).Token;

        Assert.Equal(newKey.Thumbprint, Assertions.Header(newToken).GetProperty("kid").GetString());
        Assert.Equal([newKey.Thumbprint, oldKey.Thumbprint], await PublishedKeyIdsAsync(client));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 8102);
        await using (var freshBackend = new AssertionVerifierApp(client.BaseAddress!, Backend))
        {
            Assert.Equal(HttpStatusCode.OK, (await freshBackend.WhoPassedAsync(oldToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await freshBackend.WhoPassedAsync(newToken)).StatusCode);
        }

        // A backend that cached [old] fetches the set again on the unknown kid (in the background, so a retry).
        Assert.Equal(HttpStatusCode.OK, await WhoPassedUntilOkAsync(runningBackend, newToken));
        Assert.Equal(HttpStatusCode.OK, (await runningBackend.WhoPassedAsync(oldToken)).StatusCode);

        // Step 3: the old key removed.
        await WriteKeysAsync(newKey);
        Reload(gateway);

        Assert.Equal([newKey.Thumbprint], await PublishedKeyIdsAsync(client));
        await using (var freshBackend = new AssertionVerifierApp(client.BaseAddress!, Backend))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await freshBackend.WhoPassedAsync(oldToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await freshBackend.WhoPassedAsync(newToken)).StatusCode);
        }

        Assert.DoesNotContain("PRIVATE KEY", gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key\n")]
    [InlineData("public")]
    [InlineData("none")]
    public async Task SecretFiles_ReloadedWithoutAUsableKey_KeepTheKeysInForceAndLogTheRefusal(string replacement)
    {
        using var key = EcSigningKey.Create();
        await WriteKeysAsync(key);
        await using var gateway = GatewayOnSecrets();
        using var client = gateway.CreateClient();

        File.Delete(KeyFile(0));
        if (replacement != "none")
        {
            await File.WriteAllTextAsync(KeyFile(0), replacement == "public" ? key.PublicKeyPem : replacement);
        }

        Reload(gateway);

        var refusal = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 8103);
        Assert.Contains("Liveness:Assertions:SigningKeys:0", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", gateway.Logs.AllText, StringComparison.Ordinal);
        Assert.Equal([key.Thumbprint], await PublishedKeyIdsAsync(client));
        Assert.Equal(key.Thumbprint, Assertions.Header(gateway.Issue(fixture, GatewayFixture.NewUser(), Backend).Token).GetProperty("kid").GetString());
    }

    private GatewayApp GatewayOnSecrets()
    {
        var settings = fixture.BaseSettings();
        settings.Remove("Liveness:Assertions:SigningKeys:0"); // else the test settings (added last) would win over the files
        settings["KeyPerFile:Paths:0"] = _secrets.FullName;
        return new GatewayApp(settings).UseRealPort();
    }

    private string KeyFile(int index) => Path.Combine(_secrets.FullName, $"Liveness__Assertions__SigningKeys__{index}");

    /// <summary>Writes the secret's files as the kubelet would project them: one file per key, no others.</summary>
    private async Task WriteKeysAsync(params EcSigningKey[] keys)
    {
        foreach (var file in _secrets.GetFiles())
        {
            file.Delete();
        }

        for (var index = 0; index < keys.Length; index++)
        {
            await File.WriteAllTextAsync(KeyFile(index), keys[index].PrivateKeyPem);
        }
    }

    /// <summary>
    /// Reloads the configuration now, as the file watcher does within its polling period. A reload listener that
    /// throws does not stop the others; on the watcher's thread the exception goes no further (the gateway serves on,
    /// as Face/ApiKeyRotationTests shows), <c>Reload()</c> rethrows it to its caller: with a bad key that is the
    /// options monitor validating the new values (the keys in force come from the gateway's own listener, which
    /// refuses them).
    /// </summary>
    private static void Reload(GatewayApp gateway)
    {
        try
        {
            ((IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>()).Reload();
        }
        catch (AggregateException failure) when (StartupFailures.FindValidationFailure(failure) is not null)
        {
        }
    }

    private static async Task<string[]> PublishedKeyIdsAsync(HttpClient client)
    {
        var jwks = await (await client.GetAsync("/.well-known/jwks.json")).ReadJsonAsync(HttpStatusCode.OK);
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static async Task<HttpStatusCode> WhoPassedUntilOkAsync(AssertionVerifierApp backend, string token)
    {
        var status = default(HttpStatusCode);
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
        {
            status = (await backend.WhoPassedAsync(token)).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(200); // the backend's key refresh is a real background fetch (at most once a second)
            }
        }

        return status;
    }
}
