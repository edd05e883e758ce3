using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Security;

/// <summary>
/// Browsers: only configured origins get CORS, on every answer the gateway gives them (so the web app can
/// read its problems), and the gateway answers their preflight itself.
/// </summary>
public sealed class CorsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AllowedOrigin = "https://app.example.com";

    [Fact]
    public async Task Preflight_AllowedOrigin_AnsweredByGatewayWithoutFaceCall()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST"));

        Assert.True(response.IsSuccessStatusCode, $"got {(int)response.StatusCode}");
        Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Preflight_UnlistedOrigin_GetsNoCorsHeaders()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(Preflight($"/api/liveness/sessions/{Guid.NewGuid()}", "https://evil.example", "GET"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_DefaultConfiguration_AllowsNoOrigin()
    {
        using var client = fixture.Gateway.CreateClient();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("GET", "/api/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/liveness/sessions/6f1a8c9e-7a2b-4c3d-9e8f-0a1b2c3d4e5f", HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "/api/liveness/sessions/6f1a8c9e-7a2b-4c3d-9e8f-0a1b2c3d4e5f", HttpStatusCode.MethodNotAllowed)]
    public async Task AnyAnswer_AllowedOrigin_CarriesCorsHeaders(string method, string path, HttpStatusCode status)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", AllowedOrigin);

        var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Contains("apim-request-id", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnhandledError_AllowedOrigin_500ProblemCarriesCorsHeaders()
    {
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin },
            services => services.AddSingleton<ISessionStore, DefectiveSessionStore>());
        using var client = fixture.ClientFor(GatewayFixture.NewUser(), gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/liveness/sessions");
        request.Headers.Add("Origin", AllowedOrigin);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/api/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/api/liveness/sessions/6f1a8c9e-7a2b-4c3d-9e8f-0a1b2c3d4e5f", HttpStatusCode.Unauthorized)]
    public async Task AnyAnswer_UnlistedOrigin_CarriesNoCorsHeaders(string path, HttpStatusCode status)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    /// <summary>A store with a defect (not an outage): every call throws, so the request ends in the exception handler's 500.</summary>
    private sealed class DefectiveSessionStore : ISessionStore
    {
        public bool IsAvailable => true;

        public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken) => throw Defect();

        public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken) => throw Defect();

        public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken) => throw Defect();

        public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken) => throw Defect();

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) => throw Defect();

        public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) => throw Defect();

        public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) => throw Defect();

        private static InvalidOperationException Defect() => new("A simulated defect in the session store.");
    }
}
