using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Testing;

/// <summary>
/// A minimal OpenID Connect issuer on a real loopback port: discovery document and JWKS for a
/// <see cref="TestJwt"/> key minted at run time. The gateway under test is configured with
/// <c>Authority</c> only, exactly as against a real identity provider.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    private static readonly string[] SigningAlgorithms = ["RS256"];

    private readonly WebApplication _app;

    private OidcIssuer(WebApplication app, Uri authority, TestJwt tokens)
    {
        _app = app;
        Authority = authority;
        Tokens = tokens;
    }

    /// <summary>The issuer URL (also the <c>iss</c> of every token).</summary>
    public Uri Authority { get; }

    /// <summary>Mints tokens signed with the key this issuer publishes.</summary>
    public TestJwt Tokens { get; }

    public static async Task<OidcIssuer> StartAsync(string audience = "liveness-gateway")
    {
        var port = FreePort.Next();
        var authority = new Uri($"http://127.0.0.1:{port}");
        var issuer = authority.ToString().TrimEnd('/');
        var tokens = new TestJwt(issuer, audience);
        var key = (RsaSecurityKey)tokens.SigningKey;
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = $"{issuer}/jwks",
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
        }));
        app.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        }));
        await app.StartAsync();
        return new OidcIssuer(app, authority, tokens);
    }

    /// <summary>Gateway settings that trust this issuer for <paramref name="audience"/>.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings(string audience = "liveness-gateway") => new Dictionary<string, string?>
    {
        ["Authentication:Schemes:Bearer:Authority"] = Authority.ToString().TrimEnd('/'),
        ["Authentication:Schemes:Bearer:RequireHttpsMetadata"] = "false",
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = audience,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Tokens.Dispose();
    }
}
