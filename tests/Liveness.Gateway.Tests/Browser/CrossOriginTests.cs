using System.Text.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Browser;

/// <summary>
/// The gateway as a web app meets it: a page on its own origin calls the gateway across origins in headless Chromium.
/// From an allowed origin the calls work and the headers an app needs are readable; from any other origin (or
/// <c>localhost</c> instead of <c>127.0.0.1</c>) the browser gets nothing, and nothing reaches Face.
/// </summary>
public sealed class CrossOriginTests(GatewayFixture fixture, ChromiumFixture chromium) : IClassFixture<GatewayFixture>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>What the page runs: the call, then what JavaScript can read of the answer (or the error it got).</summary>
    private const string CallScript = """
        async ([url, method, token, body, extra]) => {
          try {
            const response = await fetch(url, {
              method,
              headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', ...(extra || {}) },
              body,
            });
            return {
              status: response.status,
              location: response.headers.get('Location'),
              retryAfter: response.headers.get('Retry-After'),
              requestId: response.headers.get('apim-request-id'),
              challenge: response.headers.get('WWW-Authenticate'),
              body: await response.text(),
            };
          } catch (e) {
            return { error: String(e) };
          }
        }
        """;

    private PageServer _pages = null!;

    public async Task InitializeAsync() => _pages = await PageServer.StartAsync();

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task AllowedOrigin_CreateReadAndALimit_WorkAndLocationRetryAfterAndRequestIdAreReadable()
    {
        await using var gateway = Gateway();
        var token = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser());
        var page = await OpenAsync(_pages.PageAt("127.0.0.1"));
        var api = GatewayAddress(gateway);

        var created = await CallAsync(page, $"{api}/api/liveness/sessions", "POST", token, "{}");
        var sessionId = JsonDocument.Parse(created.GetProperty("body").GetString()!).RootElement.GetProperty("sessionId").GetString();
        var read = await CallAsync(page, $"{api}/api/liveness/sessions/{sessionId}", "GET", token, null);
        var limited = await CallAsync(page, $"{api}/api/liveness/sessions", "POST", token, "{}");

        Assert.Equal(201, created.GetProperty("status").GetInt32());
        Assert.Equal($"/api/liveness/sessions/{sessionId}", created.GetProperty("location").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("requestId").GetString()));
        Assert.Equal(200, read.GetProperty("status").GetInt32());
        Assert.Equal(429, limited.GetProperty("status").GetInt32());
        Assert.True(int.Parse(limited.GetProperty("retryAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task AllowedOrigin_HeadersWebAppsAddByHabit_PassThePreflight_A401IsDiagnosable()
    {
        await using var gateway = Gateway();
        var token = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser());
        var page = await OpenAsync(_pages.PageAt("127.0.0.1"));
        var api = GatewayAddress(gateway);
        var traced = new Dictionary<string, string>
        {
            ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["X-Request-Id"] = "web-request-1",
        };

        var listed = await CallAsync(page, $"{api}/api/liveness/sessions", "GET", token, null, traced);
        var refused = await CallAsync(page, $"{api}/api/liveness/sessions", "GET", "not-a-token", null);

        Assert.Equal(200, listed.GetProperty("status").GetInt32());
        Assert.Equal(401, refused.GetProperty("status").GetInt32());
        Assert.StartsWith("Bearer", refused.GetProperty("challenge").GetString(), StringComparison.Ordinal);
        Assert.Equal("BearerTokenInvalid", JsonDocument.Parse(refused.GetProperty("body").GetString()!).RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("localhost")] // the same page under another host name is another origin
    public async Task OtherOrigin_Create_BrowserGetsNothing_FaceNotCalled(string host)
    {
        await using var gateway = Gateway();
        var token = fixture.Issuer.Tokens.Create(GatewayFixture.NewUser());
        var page = await OpenAsync(_pages.PageAt(host));
        var before = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession);

        var answer = await CallAsync(page, $"{GatewayAddress(gateway)}/api/liveness/sessions", "POST", token, "{}");

        Assert.Contains("Failed to fetch", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession));
    }

    private GatewayApp Gateway() => fixture.CreateGateway(new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = _pages.PageAt("127.0.0.1").TrimEnd('/'),
        ["RateLimiting:SessionCreation:PermitLimit"] = "1",
    }).UseRealPort();

    private static string GatewayAddress(GatewayApp gateway)
    {
        using var client = gateway.CreateClient(); // starts the gateway on its real port
        return client.BaseAddress!.ToString().TrimEnd('/');
    }

    private async Task<Microsoft.Playwright.IPage> OpenAsync(string url)
    {
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return page;
    }

    private static async Task<JsonElement> CallAsync(Microsoft.Playwright.IPage page, string url, string method, string token, string? body, Dictionary<string, string>? headers = null) =>
        await page.EvaluateAsync<JsonElement>(CallScript, new object?[] { url, method, token, body, headers });
}
