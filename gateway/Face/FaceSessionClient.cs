using Liveness.Gateway.RateLimiting;
using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Face;

/// <summary>
/// Calls the gateway makes to Face on its own behalf (outside the proxied routes), named after the
/// Azure.AI.Vision.Face SDK's <c>FaceSessionClient</c>. Reading a session's result for an assertion, deleting a
/// session that must not be left without an owner, and the deletion sweeper's reads and deletes (at
/// <see cref="FaceCallPriority.Background"/>). Its calls go through the same Face HTTP pipeline as the proxied ones
/// (<see cref="FaceHttpPipeline.ForGatewayCalls"/>).
/// </summary>
internal sealed class FaceSessionClient(HttpClient http, RateLimitRejection rejection, ILogger<FaceSessionClient> logger)
{
    /// <summary>Relative path of a session of <paramref name="kind"/> under <c>{endpoint}/face/{version}/</c>.</summary>
    public static string SessionPath(SessionKind kind, string sessionId) => kind switch
    {
        SessionKind.Liveness => $"detectLiveness-sessions/{sessionId}",
        SessionKind.LivenessWithVerify => $"detectLivenessWithVerify-sessions/{sessionId}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Reads a session's result at Face: its status and, on success, the answer as Face sent it (null when over 1 MiB).
    /// Throws <see cref="UpstreamBudgetExceededException"/> when the Face budget had no permit (Face was not called).
    /// </summary>
    public async Task<(System.Net.HttpStatusCode Status, byte[]? Json)> GetSessionAsync(SessionKind kind, string sessionId, CancellationToken cancellationToken, FaceCallPriority priority = FaceCallPriority.Gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SessionPath(kind, sessionId), UriKind.Relative));
        FaceCallPriorities.Set(request, priority);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (response.StatusCode, response.IsSuccessStatusCode ? await Proxy.FaceSessionJson.ReadBodyAsync(response, cancellationToken) : null);
    }

    /// <summary>
    /// Deletes a session at Face; true when Face confirmed (200/204) or no longer knows it (404). False when
    /// Face refused, or when the Face budget had no permit even after the gateway's longer wait (then Face was
    /// not called; the refusal is logged and counted like any other). At <see cref="FaceCallPriority.Background"/> a
    /// refusal of the budget is thrown instead (<see cref="UpstreamBudgetExceededException"/>): the sweeper yields.
    /// </summary>
    public async Task<bool> DeleteSessionAsync(SessionKind kind, string sessionId, CancellationToken cancellationToken, FaceCallPriority priority = FaceCallPriority.Gateway)
    {
        try
        {
            return IsDeleted(await SendDeleteAsync(kind, sessionId, cancellationToken, priority));
        }
        catch (UpstreamBudgetExceededException refused) when (priority != FaceCallPriority.Background)
        {
            RateLimiting.Log.OwnCallRefused(logger, HttpMethod.Delete.Method, RateLimitRejection.RetryAfterSeconds(refused.RetryAfter));
            rejection.Record(GatewayLimit.UpstreamBudget, refused.RetryAfter);
            return false;
        }
    }

    /// <summary>
    /// Deletes a session at Face and returns Face's status (<see cref="IsDeleted"/> says whether the session is gone).
    /// Throws <see cref="UpstreamBudgetExceededException"/> when the Face budget had no permit (Face was not called),
    /// and what the Face HTTP pipeline throws when Face cannot be reached.
    /// </summary>
    public async Task<System.Net.HttpStatusCode> SendDeleteAsync(SessionKind kind, string sessionId, CancellationToken cancellationToken, FaceCallPriority priority = FaceCallPriority.Gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(SessionPath(kind, sessionId), UriKind.Relative));
        FaceCallPriorities.Set(request, priority);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Whether Face's answer to a delete means the session is gone: confirmed (2xx), or no longer known (404).</summary>
    public static bool IsDeleted(System.Net.HttpStatusCode status) =>
        (int)status is >= 200 and < 300 || status == System.Net.HttpStatusCode.NotFound;
}
