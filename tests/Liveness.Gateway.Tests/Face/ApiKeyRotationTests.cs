using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Face;

/// <summary>
/// <c>Face:ApiKey</c> from a mounted secret file (a key-per-file directory, the file <c>Face__ApiKey</c>):
/// a rewritten file is used by the next requests without a restart, and a bad value never is.
/// </summary>
public sealed class ApiKeyRotationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("liveness-secrets-");

    public void Dispose() => _secrets.Delete(recursive: true);

    [Fact]
    public async Task SecretFile_RotatedToValidKey_UsedWithoutRestart_InvalidValueKeepsLastKey()
    {
        var keyFile = Path.Combine(_secrets.FullName, "Face__ApiKey");
        await File.WriteAllTextAsync(keyFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\n"); // a key Face refuses
        var settings = fixture.BaseSettings();
        settings.Remove("Face:ApiKey");
        settings["KeyPerFile:Paths:0"] = _secrets.FullName;
        settings["RateLimiting:SessionCreation:PermitLimit"] = "1000"; // the polling below creates more than a user normally may
        await using var gateway = new GatewayApp(settings);
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);

        await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadGateway, "UpstreamAuthenticationFailed");

        await File.WriteAllTextAsync(keyFile, fixture.Emulator.ApiKey + "\n");
        Assert.Equal(HttpStatusCode.Created, await CreateUntilAsync(client, HttpStatusCode.Created));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 8001);

        foreach (var bad in new[] { string.Empty, "not a key\n" })
        {
            var refusals = gateway.Logs.Entries.Count(e => e.EventId.Id == 8002);
            await File.WriteAllTextAsync(keyFile, bad);
            for (var attempt = 0; attempt < 100 && gateway.Logs.Entries.Count(e => e.EventId.Id == 8002) == refusals; attempt++)
            {
                await Task.Delay(200); // the configuration is reloaded in the background (files polled every 4 s)
            }

            Assert.True(gateway.Logs.Entries.Count(e => e.EventId.Id == 8002) > refusals, "the bad value was not reported");
            await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        Assert.DoesNotContain(fixture.Emulator.ApiKey, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>Creates every 200 ms, for at most 20 s, until the gateway answers <paramref name="expected"/>.</summary>
    private static async Task<HttpStatusCode> CreateUntilAsync(HttpClient client, HttpStatusCode expected)
    {
        var status = default(HttpStatusCode);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var response = await client.PostAsJsonAsync("/api/liveness/sessions", new { });
            status = response.StatusCode;
            Assert.NotEqual(HttpStatusCode.InternalServerError, status);
            if (status == expected)
            {
                break;
            }

            await Task.Delay(200); // the configuration is reloaded in the background (files polled every 4 s)
        }

        return status;
    }
}
