using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Security;

/// <summary>
/// Browsers: only configured origins get CORS, on every answer the gateway gives them (so the web app can
/// read its problems and the headers that explain them), and the gateway answers their preflight itself,
/// allowing the request headers web apps add by habit.
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

    [Fact]
    public async Task Preflight_AllowedOrigin_TraceAndRequestIdHeaders_AllowedByDefault()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST", WebAppHeaders));

        Assert.True(response.IsSuccessStatusCode, $"got {(int)response.StatusCode}");
        Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = AllowedHeaders(response);
        Assert.All(WebAppHeaders.Split(','), header => Assert.Contains(header, allowed));
    }

    [Fact]
    public async Task Preflight_UnlistedOrigin_TraceAndRequestIdHeaders_GetsNoCorsHeaders()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", "http://localhost:5173", "POST", WebAppHeaders));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_HeaderNotListed_IsNotAllowed()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();

        var response = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST", "authorization,x-app-version"));

        // The browser compares what it asked for with Access-Control-Allow-Headers, and refuses the request.
        var allowed = AllowedHeaders(response);
        Assert.Contains("authorization", allowed);
        Assert.DoesNotContain("x-app-version", allowed);
    }

    [Fact]
    public async Task Preflight_ConfiguredAllowedHeaders_ReplaceTheDefaultButKeepAuthorization()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = AllowedOrigin,
            ["Cors:AllowedHeaders:0"] = "X-App-Version",
        });
        using var client = gateway.CreateClient();

        var listed = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST", "authorization,content-type,x-app-version"));
        var dropped = await client.SendAsync(Preflight("/api/liveness/sessions", AllowedOrigin, "POST", "authorization,traceparent"));

        Assert.Equal(AllowedOrigin, listed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(["authorization", "content-type", "x-app-version"], AllowedHeaders(listed).Select(header => header.ToLowerInvariant()).Order());
        Assert.DoesNotContain("traceparent", AllowedHeaders(dropped));
    }

    [Fact]
    public async Task Unauthorized_AllowedOrigin_WwwAuthenticateAndTheOtherHeadersAreExposed()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AllowedOrigin });
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/liveness/sessions");
        request.Headers.Add("Origin", AllowedOrigin);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "BearerTokenMissing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single().Split(',').Select(header => header.Trim().ToLowerInvariant());
        Assert.Equal(["apim-request-id", "location", "retry-after", "www-authenticate"], exposed.Order());
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

    /// <summary>What a web app with OpenTelemetry's browser SDK and a request-id habit asks to send.</summary>
    private const string WebAppHeaders = "authorization,content-type,traceparent,tracestate,baggage,x-request-id,x-ms-client-request-id";

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers = "authorization,content-type")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HashSet<string> AllowedHeaders(HttpResponseMessage response) =>
        response.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(value => value.Split(','))
            .Select(header => header.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A store with a defect (not an outage): every call throws, so the request ends in the exception handler's 500.</summary>
    private sealed class DefectiveSessionStore : ISessionStore
    {
        public bool IsAvailable => true;

        public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken) => throw Defect();

        public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken) => throw Defect();

        public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken) => throw Defect();

        public Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken) => throw Defect();

        public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken) => throw Defect();

        public Task EraseAsync(SessionRecord record, CancellationToken cancellationToken) => throw Defect();

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) => throw Defect();

        public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) => throw Defect();

        public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) => throw Defect();

        private static InvalidOperationException Defect() => new("A simulated defect in the session store.");
    }
}
