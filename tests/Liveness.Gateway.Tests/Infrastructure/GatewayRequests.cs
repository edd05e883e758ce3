using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>Requests and answers that many test classes share.</summary>
internal static class GatewayRequests
{
    /// <summary>Creates a liveness session as the client's user and returns its id (201 expected).</summary>
    public static async Task<string> CreateLivenessAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

    /// <summary>The answer's <c>Retry-After</c>, which must be whole seconds.</summary>
    public static int RetryAfterSeconds(HttpResponseMessage response)
    {
        var header = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds), $"Retry-After '{header}' is not whole seconds");
        return seconds;
    }
}
