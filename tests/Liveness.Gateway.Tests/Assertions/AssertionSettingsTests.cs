using System.Net;
using System.Security.Cryptography;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary>
/// <c>Liveness:Assertions</c>: a bad or missing setting stops startup with one line that says how to fix it and never
/// shows a key; Development without a key signs with one generated at startup.
/// </summary>
public sealed class AssertionSettingsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string KeySetting = "Liveness:Assertions:SigningKeys:0";

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "Liveness:Assertions:Issuer", "", "Liveness:Assertions:Issuer is missing" },
        { "Liveness:Assertions:Issuer", "https://liveness example.com", "Liveness:Assertions:Issuer contains white space" },
        { "Liveness:Assertions:Lifetime", "00:10:01", "Liveness:Assertions:Lifetime must be between 00:00:01 and 00:10:00" },
        { "Liveness:Assertions:Lifetime", "00:00:00", "Liveness:Assertions:Lifetime" },
        { KeySetting, "", "Liveness:Assertions:SigningKeys:0 is not usable: it is empty" },
        { KeySetting, "not a key", "Liveness:Assertions:SigningKeys:0 is not usable: it is not PEM" },
        { KeySetting, "public", "Liveness:Assertions:SigningKeys:0 is not usable: it is a 'PUBLIC KEY'" },
        { KeySetting, "p384", "not P-256" },
        { KeySetting, "rsa", "Liveness:Assertions:SigningKeys:0 is not usable: it is not an EC private key" },
        { KeySetting, "encrypted", "it is encrypted" },
        { "Liveness:Assertions:SigningKeys:1", "same", "Liveness:Assertions:SigningKeys:1 is the same key as SigningKeys:0" },
        { "Liveness:Assertions:Audiences:0", " ", "Liveness:Assertions:Audiences:0" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Start_InvalidAssertionSetting_FailsWithMessageNamingItWithoutTheKey(string key, string value, string expected)
    {
        var (setting, secret) = Value(value);
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = setting });

        var failure = Record.Exception(gateway.StartServer);

        var invalid = StartupFailures.FindValidationFailure(failure);
        Assert.True(invalid is not null, $"expected an options validation failure, got {failure}");
        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", invalid.Message, StringComparison.Ordinal);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, invalid.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_SecondKeyAndSec1Pem_StartsAndPublishesBoth()
    {
        using var second = EcSigningKey.Create();
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Liveness:Assertions:SigningKeys:0"] = GatewayFixture.AssertionKey.EcPrivateKeyPem,
            ["Liveness:Assertions:SigningKeys:1"] = second.PrivateKeyPem,
        });
        using var client = gateway.CreateClient();

        var jwks = await (await client.GetAsync("/.well-known/jwks.json")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([GatewayFixture.AssertionKey.Thumbprint, second.Thumbprint], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task Start_DevelopmentWithoutKeyOrIssuer_SignsWithAKeyGeneratedAtStartup()
    {
        var settings = fixture.BaseSettings();
        settings.Remove(KeySetting);
        settings.Remove("Liveness:Assertions:Issuer");
        await using var gateway = new GatewayApp(settings, environment: "Development");
        using var client = gateway.CreateClient();

        var jwks = await (await client.GetAsync("/.well-known/jwks.json")).ReadJsonAsync(HttpStatusCode.OK);
        var token = gateway.Issue(fixture, GatewayFixture.NewUser(), "payments-api").Token;

        var kid = Assert.Single(jwks.GetProperty("keys").EnumerateArray()).GetProperty("kid").GetString();
        Assert.NotEqual(GatewayFixture.AssertionKey.Thumbprint, kid);
        Assert.Equal(kid, Assertions.Header(token).GetProperty("kid").GetString());
        Assert.Equal("urn:liveness-gateway:development", Assertions.Payload(token).GetProperty("iss").GetString());
        var logged = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == 8101);
        Assert.Contains(kid!, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public", "Liveness:Assertions:SigningKeys:0 is not usable")]
    [InlineData(null, "Liveness:Assertions:SigningKeys:0 is missing")]
    public async Task Run_ProductionWithBadOrMissingKey_ExitsWithOneLineNamingIt(string? value, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Redis"] = "127.0.0.1:1,abortConnect=false",
            ["Face__Endpoint"] = "https://face.example.test",
            ["Face__ApiKey"] = "not-a-real-key",
            ["Authentication__Schemes__Bearer__Authority"] = "https://idp.example.test/realms/app",
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = "liveness-gateway",
            ["Liveness__Assertions__Issuer"] = "https://liveness.example.test",
        };
        if (value is not null)
        {
            environment["Liveness__Assertions__SigningKeys__0"] = Value(value).Setting;
        }

        var (exitCode, output, error) = await GatewayProcess.RunToExitAsync(environment);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", output + error, StringComparison.Ordinal);
    }

    /// <summary>The setting for a named kind of bad value (keys minted now), and the secret part that must never be shown.</summary>
    private static (string Setting, string? Secret) Value(string name)
    {
        switch (name)
        {
            case "public":
                return (GatewayFixture.AssertionKey.PublicKeyPem, null);
            case "same":
                return (GatewayFixture.AssertionKey.EcPrivateKeyPem, null); // the same key as SigningKeys:0, written as SEC 1
            case "p384":
                using (var p384 = EcSigningKey.Create(ECCurve.NamedCurves.nistP384))
                {
                    return (p384.PrivateKeyPem, Body(p384.PrivateKeyPem));
                }

            case "rsa":
                using (var rsa = RSA.Create(2048))
                {
                    var pem = rsa.ExportPkcs8PrivateKeyPem();
                    return (pem, Body(pem));
                }

            case "encrypted":
                var encrypted = GatewayFixture.AssertionKey.Key.ExportEncryptedPkcs8PrivateKeyPem("password", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
                return (encrypted, Body(encrypted));
            default:
                return (name, null);
        }
    }

    private static string Body(string pem) => pem.Split('\n')[1];
}
