using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Liveness.Gateway.Tests.Assertions;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Liveness.Gateway.Tests.Browser;

/// <summary>
/// The sample web app (samples/web) in headless Chromium, on its own origin, against the real parts: the user signs
/// in at a real OpenID provider (authorization code with PKCE, RS256 or ES256 access tokens), the gateway on a real
/// port with Redis, the emulator and its stand-in liveness UI, and the sample backend (samples/AssertionVerifier)
/// behind a liveness-gated route. With <c>UPDATE_SCREENSHOTS=1</c> the flow also writes docs/images/sample-*.png.
/// </summary>
public sealed class SampleWebAppTests(GatewayFixture fixture, ChromiumFixture chromium) : IClassFixture<GatewayFixture>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string Backend = "sample-backend";

    private static readonly bool UpdateScreenshots = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1";

    private OpenIdProvider _provider = null!;
    /// <summary>The gateway and the sample backend, stopped in reverse order.</summary>
    private readonly Stack<IAsyncDisposable> _hosts = new();
    private SampleWebServer _app = null!;
    private SampleWebServer _otherOrigin = null!;

    public async Task InitializeAsync()
    {
        var appPort = FreePort.Next();
        var otherPort = FreePort.Next();
        var verifierPort = FreePort.Next();
        var appOrigin = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{appPort}");
        var otherOrigin = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{otherPort}"); // another port: another origin
        _provider = await OpenIdProvider.StartAsync(GatewayFixture.Audience, [appOrigin + "/", otherOrigin + "/"]);

        var settings = new Dictionary<string, string?>(_provider.GatewaySettings(GatewayFixture.Audience))
        {
            ["Cors:AllowedOrigins:0"] = appOrigin,
            ["RateLimiting:SessionCreation:PermitLimit"] = "1",
            ["Liveness:Assertions:Audiences:0"] = Backend,
            ["Liveness:Policies:RecentPass:MaxAge"] = "00:10:00",
            ["ReverseProxy:Clusters:sample-backend:Destinations:d1:Address"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{verifierPort}/"),
            ["ReverseProxy:Routes:sample-backend:ClusterId"] = Backend,
            ["ReverseProxy:Routes:sample-backend:AuthorizationPolicy"] = "RecentPass",
            ["ReverseProxy:Routes:sample-backend:Match:Path"] = "/api/backend/{**rest}",
            ["ReverseProxy:Routes:sample-backend:Transforms:0:PathRemovePrefix"] = "/api/backend",
        };
        var gateway = fixture.CreateGateway(settings).UseRealPort();
        _hosts.Push(gateway);
        string gatewayUrl;
        using (var client = gateway.CreateClient())
        {
            gatewayUrl = client.BaseAddress!.ToString().TrimEnd('/');
        }

        var verifier = new AssertionVerifierApp(new Uri(gatewayUrl), Backend);
        _hosts.Push(verifier);
        verifier.UseKestrel(verifierPort);
        verifier.StartServer();

        var app = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = gatewayUrl,
            ["AUTHORITY"] = _provider.Authority.ToString().TrimEnd('/'),
            ["CLIENT_ID"] = _provider.WebClientId,
            ["LIVENESS_UI"] = new Uri(fixture.Emulator.BaseAddress, "emulator/ui/azure-ai-vision-face-ui.js").AbsoluteUri,
            ["ASSERTION_AUDIENCE"] = Backend,
            ["GATED_ROUTE"] = "/api/backend/who-passed",
        };
        _app = await SampleWebServer.StartAsync(appPort, app);
        _otherOrigin = await SampleWebServer.StartAsync(otherPort, app);
    }

    public async Task DisposeAsync()
    {
        await _otherOrigin.DisposeAsync();
        await _app.DisposeAsync();
        while (_hosts.TryPop(out var host))
        {
            await host.DisposeAsync();
        }

        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData("RS256", "alice")]
    [InlineData("ES256", "bob")]
    public async Task WholeFlow_SignInCheckResultImageAssertionGatedRouteDelete(string algorithm, string user)
    {
        await _provider.UseSigningAlgorithmAsync(algorithm);
        var shots = UpdateScreenshots && algorithm == "RS256";
        var page = await OpenAsync(_app.Origin);
        await ShotAsync(page, shots, "signed-out");

        await SignInAsync(page, user);
        Assert.Equal(algorithm, await AccessTokenAlgorithmAsync(page));
        await page.ClickAsync("#start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Real face" }).WaitForAsync();
        await ShotAsync(page, shots, "liveness-ui");
        await page.GetByRole(AriaRole.Button, new() { Name = "Real face" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("Passed: a real person was in front of the camera.");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync("pass");
        await page.WaitForFunctionAsync("() => document.getElementById('session-image').naturalWidth > 0");
        Assert.StartsWith("blob:", await page.GetAttributeAsync("#session-image", "src"), StringComparison.Ordinal);
        await ShotAsync(page, shots, "result");

        await page.ClickAsync("#prove");
        await Expect(page.Locator("#assertion")).ToContainTextAsync($"realface pass for \"{Backend}\"");
        await Expect(page.Locator("#backend-answer")).ToContainTextAsync($"{user} passed (realface)");
        await ShotAsync(page, shots, "backend");

        var sessions = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.DeleteLivenessSession);
        await page.ClickAsync("#delete");
        await Expect(page.Locator("#status")).ToHaveTextAsync("The session and its image are deleted.");
        Assert.Equal(sessions + 1, (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.DeleteLivenessSession));
        Assert.True(await page.Locator("#problem").IsHiddenAsync());
    }

    [Fact]
    public async Task Spoof_ShownAsFailed_AndTheBackendIsNotConvinced()
    {
        await _provider.UseSigningAlgorithmAsync("RS256");
        var page = await OpenAsync(_app.Origin);
        await SignInAsync(page, "carol");

        await page.ClickAsync("#start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spoof" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("Failed: the check saw a spoof, not a real person.");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync("fail");
        await ShotAsync(page, UpdateScreenshots, "spoof");
        await page.ClickAsync("#prove");
        await Expect(page.Locator("#problem")).ToContainTextAsync("The check did not pass, so there is nothing to prove to the backend.");
        await Expect(page.Locator("#problem")).ToContainTextAsync("(LivenessNotPassed)");
        Assert.Equal(0, await page.Locator("#backend-answer").CountAsync());
    }

    [Fact]
    public async Task CreationLimit_429ShownInWords_StartWaitsForRetryAfter()
    {
        await _provider.UseSigningAlgorithmAsync("RS256");
        var page = await OpenAsync(_app.Origin);
        await SignInAsync(page, "dave");
        await page.ClickAsync("#start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Real face" }).ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveClassAsync("pass");

        await page.ClickAsync("#start"); // the second session within the window: over the limit of one

        await Expect(page.Locator("#problem")).ToContainTextAsync("You have started too many checks.");
        await Expect(page.Locator("#problem")).ToContainTextAsync("(SessionCreationLimit)");
        await Expect(page.Locator("#retry-after")).ToContainTextAsync(new Regex(@"Try again in \d+ s\."));
        await Expect(page.Locator("#start")).ToBeDisabledAsync();
        await Expect(page.Locator("#start")).ToHaveTextAsync(new Regex(@"^Start liveness check \(\d+ s\)$"));
        await ShotAsync(page, UpdateScreenshots, "rate-limited");
    }

    [Fact]
    public async Task OtherOrigin_SignedIn_TheGatewayRefusesTheBrowser_NothingReachesFace()
    {
        await _provider.UseSigningAlgorithmAsync("RS256");
        var page = await OpenAsync(_otherOrigin.Origin);
        await SignInAsync(page, "erin");
        var creates = (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession);

        await page.ClickAsync("#start");

        await Expect(page.Locator("#problem")).ToContainTextAsync("The gateway could not be reached from this page (network error, or this origin is not allowed).");
        Assert.Equal(0, await page.Locator("azure-ai-vision-face-ui").CountAsync());
        Assert.Equal(creates, (await fixture.Emulator.Control.GetCallsAsync()).Count(EmulatorOperations.CreateLivenessSession));
    }

    private async Task<IPage> OpenAsync(string origin)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 720, Height = 600 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(origin + "/");
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>The authorization code flow, as the user does it: the provider's login page, its consent page, back to the app.</summary>
    private static async Task SignInAsync(IPage page, string user)
    {
        await page.ClickAsync("#sign-in");
        await page.FillAsync("input[name=login]", user);
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("input[name=prompt][value=consent]", new() { State = WaitForSelectorState.Attached });
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("#user")).ToHaveTextAsync($"Signed in as {user}");
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal); // the app removed the code from the address
    }

    /// <summary>The <c>alg</c> of the access token the app holds (oidc-client-ts keeps the user in sessionStorage).</summary>
    private static async Task<string> AccessTokenAlgorithmAsync(IPage page)
    {
        var token = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('oidc.user:')))).access_token");
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]));
        return header.RootElement.GetProperty("alg").GetString()!;
    }

    private static async Task ShotAsync(IPage page, bool take, string name)
    {
        if (!take)
        {
            return;
        }

        await page.Mouse.MoveAsync(0, 0);
        var path = Path.Combine(Path.GetDirectoryName(SampleWebServer.Folder)!, "..", "docs", "images", $"sample-{name}.png");
        await page.ScreenshotAsync(new() { Path = Path.GetFullPath(path), FullPage = true });
    }
}
