using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Liveness.Testing;

/// <summary>
/// A real OpenID provider (npm <c>oidc-provider</c>, <c>tests/oidc/provider.mjs</c>) as a node process
/// on a free loopback port. It issues JWT access tokens for the gateway's audience through its own
/// token endpoint (client_credentials with a resource indicator; <c>sub</c> is the client id), and its
/// control API rotates keys, makes discovery and JWKS fail (503) or hang, and counts the discovery
/// and JWKS calls it answered: the provider's own log of what the gateway asked. Started with web redirect URIs,
/// it also signs users in for a single-page app (<see cref="WebClientId"/>: authorization code with PKCE on the
/// provider's development login page, where any login becomes the token's <c>sub</c>).
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _clientSecret;

    private OpenIdProvider(Process process, Uri authority, string clientId, string clientSecret)
    {
        _process = process;
        Authority = authority;
        ClientId = clientId;
        _clientSecret = clientSecret;
        _http = new HttpClient { BaseAddress = authority, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The issuer URL (also the <c>iss</c> of every token), without a trailing slash.</summary>
    public Uri Authority { get; }

    /// <summary>The client the tokens are issued to: the <c>sub</c> of every token.</summary>
    public string ClientId { get; }

    /// <summary>The public client of a single-page app (only when started with web redirect URIs).</summary>
    public string WebClientId { get; } = "liveness-sample-web";

    /// <summary>
    /// Starts the provider. With <paramref name="webRedirectUris"/> it also serves the single-page app's client,
    /// and publishes an RS256 and an ES256 key from the start (<see cref="UseSigningAlgorithmAsync"/>).
    /// </summary>
    public static async Task<OpenIdProvider> StartAsync(string audience = "liveness-gateway", IReadOnlyList<string>? webRedirectUris = null)
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "oidc");
        if (!File.Exists(Path.Combine(directory, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException("tests/oidc/node_modules is missing: run ./test.sh (it installs oidc-provider with npm ci).");
        }

        var port = FreePort.Next();
        var clientId = $"client-{Guid.NewGuid():N}";
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("provider.mjs");
        startInfo.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["AUDIENCE"] = audience;
        startInfo.Environment["CLIENT_ID"] = clientId;
        startInfo.Environment["CLIENT_SECRET"] = clientSecret;
        if (webRedirectUris is { Count: > 0 })
        {
            startInfo.Environment["WEB_REDIRECT_URIS"] = string.Join(',', webRedirectUris);
        }

        var process = await NodeProcess.StartListeningAsync(startInfo, $"oidc-provider on port {port}");

        return new OpenIdProvider(process, new Uri($"http://127.0.0.1:{port}"), clientId, clientSecret);
    }

    /// <summary>Gateway settings that trust this provider for <paramref name="audience"/> (discovery over plain HTTP on loopback).</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings(string audience = "liveness-gateway") => new Dictionary<string, string?>
    {
        ["Authentication:Schemes:Bearer:Authority"] = Authority.ToString().TrimEnd('/'),
        ["Authentication:Schemes:Bearer:RequireHttpsMetadata"] = "false",
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = audience,
    };

    /// <summary>An access token from the provider's token endpoint, signed with its newest key of the current algorithm.</summary>
    public async Task<string> MintAsync()
    {
        using var request = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = _clientSecret,
            ["scope"] = "liveness",
            ["resource"] = "urn:liveness:gateway",
        });
        using var response = await _http.PostAsync(new Uri("/token", UriKind.Relative), request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body?.AccessToken ?? throw new InvalidOperationException("The token endpoint answered without an access_token.");
    }

    /// <summary>Adds a new key (RS256, PS256 or ES256) to the published set; it signs from now on. Returns its kid.</summary>
    public async Task<string> AddKeyAsync(string algorithm = "RS256")
    {
        using var response = await _http.PostAsync(new Uri($"/control/add-key?alg={algorithm}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<KeyAdded>())!.Kid;
    }

    /// <summary>The newest published key of <paramref name="algorithm"/> (RS256 or ES256) signs access tokens from now on; the key set does not change.</summary>
    public async Task UseSigningAlgorithmAsync(string algorithm)
    {
        using var response = await _http.PostAsync(new Uri($"/control/signing-alg?value={algorithm}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Removes a key from the published set (how a compromised key is revoked).</summary>
    public async Task RemoveKeyAsync(string kid)
    {
        using var response = await _http.PostAsync(new Uri($"/control/remove-key?kid={Uri.EscapeDataString(kid)}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The kids published now, newest first.</summary>
    public async Task<IReadOnlyList<string>> KeyIdsAsync()
    {
        var keys = await _http.GetFromJsonAsync<KeyList>(new Uri("/control/keys", UriKind.Relative));
        return [.. keys!.Keys.Select(key => key.Kid)];
    }

    /// <summary>Discovery and JWKS answer normally.</summary>
    public Task AnswerAsync() => SetModeAsync("ok");

    /// <summary>Discovery and JWKS answer 503.</summary>
    public Task FailAsync() => SetModeAsync("unavailable");

    /// <summary>Discovery and JWKS accept the request and never answer.</summary>
    public Task HangAsync() => SetModeAsync("hang");

    /// <summary>Discovery and JWKS calls the provider has received since it started.</summary>
    public async Task<ProviderCalls> CallsAsync() =>
        (await _http.GetFromJsonAsync<ProviderCalls>(new Uri("/control/calls", UriKind.Relative)))!;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task SetModeAsync(string mode)
    {
        using var response = await _http.PostAsync(new Uri($"/control/mode?value={mode}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Gateway.sln not found above the test output directory.");
    }

    private sealed record TokenResponse([property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken);

    private sealed record KeyAdded(string Kid);

    private sealed record KeyEntry(string Kid, string Alg);

    private sealed record KeyList(IReadOnlyList<KeyEntry> Keys);
}

/// <summary>Discovery (metadata) and JWKS calls an <see cref="OpenIdProvider"/> received.</summary>
public sealed record ProviderCalls(int Metadata, int Jwks)
{
    public int Total => Metadata + Jwks;
}
