using System.Net.Http.Json;
using System.Text.Json;
using Liveness.Testing;
using Microsoft.Playwright;

namespace Liveness.Gateway.Tests.Browser;

/// <summary>
/// The emulator's stand-in for Microsoft's liveness web component, in a real browser on a page of another origin:
/// the module loads across origins, defines <c>&lt;azure-ai-vision-face-ui&gt;</c>, and both of the component's forms
/// work (<c>start(authToken)</c>'s promise; <c>sessionAuthorizationToken</c> and the <c>analyzed</c> event). Its
/// buttons finish exactly the token's session; the page never learns the decision.
/// </summary>
public sealed class StandInLivenessUiTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>Loads the module, places the element and starts it with the promise form; the outcome lands in window.outcome.</summary>
    private const string StartScript = """
        async ([module, token]) => {
          await import(module);
          const element = document.createElement('azure-ai-vision-face-ui');
          document.body.appendChild(element);
          window.outcome = null;
          element.start(token).then(r => { window.outcome = { resolved: r }; }, e => { window.outcome = { rejected: e }; });
        }
        """;

    /// <summary>The component's earlier form: the token as a property, the outcome as the analyzed event.</summary>
    private const string PropertyScript = """
        async ([module, token]) => {
          await import(module);
          const element = document.createElement('azure-ai-vision-face-ui');
          window.outcome = null;
          element.addEventListener('analyzed', e => { window.outcome = { event: e.result }; });
          element.sessionAuthorizationToken = token;
          document.body.appendChild(element);
        }
        """;

    private EmulatorHost _emulator = null!;
    private PageServer _pages = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _pages = await PageServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _pages.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Start_RealFace_ResolvesWithoutTheDecision_SessionSucceededRealface()
    {
        var (sessionId, token) = await NewSessionAsync();
        var other = await NewSessionAsync();
        var page = await OpenAsync();

        await page.EvaluateAsync(StartScript, new object[] { ModuleUrl, token });
        await page.GetByRole(AriaRole.Button, new() { Name = "Real face" }).ClickAsync();
        var outcome = await OutcomeAsync(page);

        Assert.Equal("ResultQueryableFromService", outcome.GetProperty("resolved").GetProperty("livenessStatus").GetString());
        var session = await ReadAsync(sessionId);
        Assert.Equal("Succeeded", session.GetProperty("status").GetString());
        Assert.Equal("realface", session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("livenessDecision").GetString());
        Assert.Equal("NotStarted", (await ReadAsync(other.SessionId)).GetProperty("status").GetString());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Spoof" }).IsDisabledAsync());
    }

    [Fact]
    public async Task SessionAuthorizationToken_Spoof_RaisesAnalyzed_SessionSucceededSpoofface()
    {
        var (sessionId, token) = await NewSessionAsync();
        var page = await OpenAsync();

        await page.EvaluateAsync(PropertyScript, new object[] { ModuleUrl, token });
        await page.GetByRole(AriaRole.Button, new() { Name = "Spoof" }).ClickAsync();
        var outcome = await OutcomeAsync(page);

        Assert.Equal("ResultQueryableFromService", outcome.GetProperty("event").GetProperty("livenessStatus").GetString());
        var session = await ReadAsync(sessionId);
        Assert.Equal("spoofface", session.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("livenessDecision").GetString());
    }

    [Fact]
    public async Task Start_AfterTheTokensLifetime_RejectsWithInvalidToken_SessionUntouched()
    {
        var (sessionId, token) = await NewSessionAsync();
        _emulator.Time.Advance(TimeSpan.FromSeconds(601)); // the default token lifetime is 600 s
        var page = await OpenAsync();

        await page.EvaluateAsync(StartScript, new object[] { ModuleUrl, token });
        await page.GetByRole(AriaRole.Button, new() { Name = "Real face" }).ClickAsync();
        var outcome = await OutcomeAsync(page);

        Assert.Equal("InvalidToken", outcome.GetProperty("rejected").GetProperty("livenessError").GetString());
        Assert.Equal("NotStarted", (await ReadAsync(sessionId)).GetProperty("status").GetString());
    }

    private string ModuleUrl => new Uri(_emulator.BaseAddress, "emulator/ui/azure-ai-vision-face-ui.js").AbsoluteUri;

    private async Task<IPage> OpenAsync()
    {
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_pages.PageAt("127.0.0.1"));
        return page;
    }

    private static async Task<JsonElement> OutcomeAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.outcome !== null");
        return await page.EvaluateAsync<JsonElement>("() => window.outcome");
    }

    private async Task<(string SessionId, string AuthToken)> NewSessionAsync()
    {
        using var face = _emulator.CreateFaceClient();
        using var response = await face.PostAsJsonAsync("detectLiveness-sessions", new { livenessOperationMode = "Passive", deviceCorrelationId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (session.GetProperty("sessionId").GetString()!, session.GetProperty("authToken").GetString()!);
    }

    private async Task<JsonElement> ReadAsync(string sessionId)
    {
        using var face = _emulator.CreateFaceClient();
        return await face.GetFromJsonAsync<JsonElement>($"detectLiveness-sessions/{sessionId}");
    }
}
