using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Microsoft.AspNetCore.Http.Features;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway does with Face's answer before the client sees it: records ownership of a new
/// session (or deletes it at Face and answers 503 when it cannot), trims the create answer to what the
/// client SDK needs, keeps the store's status and session-image list current on reads, removes the
/// record after a confirmed delete, and translates Face's errors.
/// </summary>
internal sealed class FaceResponseHandler(ISessionStore store, IFinishedResultCache results, TimeProvider time, ILogger<FaceResponseHandler> logger)
{
    private const int MaxSessionBodyBytes = 1024 * 1024;

    /// <summary>How long the gateway keeps trying to record a new session's owner after the client went away.</summary>
    private static readonly TimeSpan OwnershipWriteBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the gateway keeps retrying the removal of a record whose session Face deleted before it answers
    /// that the record is still there. One attempt may overrun it by a Redis timeout.
    /// </summary>
    internal static readonly TimeSpan RecordRemovalBudget = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstRemovalRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRemovalRetry = TimeSpan.FromSeconds(1);

    public async ValueTask HandleAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await HandleResponseAsync(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its answer was being written. Nothing is left to answer, and a
            // transform that throws here makes YARP try to clear a response that has started (an error
            // logged per disconnect under load). A new session's owner is recorded on its own budget first.
            context.SuppressResponseBody = true;
            Log.ClientGone(logger, context.HttpContext.Features.Get<LivenessRequestFeature>()?.Route.Operation ?? LivenessOperation.Read);
        }
    }

    private async Task HandleResponseAsync(ResponseTransformContext context)
    {
        var response = context.ProxyResponse;
        if (response is null)
        {
            return; // Forwarding failed; ForwarderErrorMiddleware answers.
        }

        var http = context.HttpContext;
        var feature = http.Features.GetRequiredFeature<LivenessRequestFeature>();
        if (response.Headers.TryGetValues(LivenessTransformProvider.FaceRequestIdHeader, out var requestIds))
        {
            http.Response.Headers[LivenessTransformProvider.FaceRequestIdHeader] = requestIds.FirstOrDefault();
        }

        if (!response.IsSuccessStatusCode)
        {
            await HandleErrorAsync(context, response, feature);
            return;
        }

        switch (feature.Route.Operation)
        {
            case LivenessOperation.Create:
                await CompleteCreateAsync(context, response, feature);
                break;
            case LivenessOperation.Read:
                await CompleteReadAsync(context, response, feature);
                break;
            case LivenessOperation.Delete:
                await CompleteDeleteAsync(context, feature);
                break;
            case LivenessOperation.ReadImage:
                PassImageHeaders(response, http.Response);
                Audit(http).SessionImageRead(http, feature.User, http.GetRouteValue(LivenessRoute.SessionImageIdRouteValue) as string ?? "-", feature.Session!);
                break;
        }
    }

    private async Task HandleErrorAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        context.SuppressResponseBody = true;
        var http = context.HttpContext;
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && feature.Session is { } gone)
        {
            // Face no longer knows the session (expired, or deleted elsewhere), whether a read, an image read or
            // a delete found out: its record, cached result and every replica's memory of it go too, so it is
            // neither listed nor asked of Face again. One attempt: the next sighting tries again.
            await TryStoreAsync(() => RemoveRecordAsync(gone, http.RequestAborted), feature, gone.SessionId);
        }

        var problem = await UpstreamErrorTranslator.TranslateAsync(response, feature.Route.Operation, logger, http.RequestAborted);
        if (problem.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            http.Response.Headers.RetryAfter = UpstreamErrorTranslator.FormatSeconds(UpstreamErrorTranslator.RetryAfterSeconds(response, time));
        }

        await GatewayProblem.WriteAsync(http, problem);
    }

    private async Task CompleteCreateAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        context.SuppressResponseBody = true;
        var http = context.HttpContext;

        // The owner is recorded before the client sees the session, even if the client has gone away
        // meanwhile: a session must never exist at Face without an owner. So neither reading Face's answer
        // nor the write stops when the client goes away; both have their own budget.
        using var budget = new CancellationTokenSource(OwnershipWriteBudget);
        var session = await ReadSessionAsync(response, budget.Token);
        var sessionId = Text(session?["sessionId"]);
        if (session is null || !SessionIdentifiers.IsValidSessionId(sessionId))
        {
            Log.UnexpectedFaceResponse(logger, LivenessOperation.Create, "no valid sessionId in the create response");
            await GatewayProblem.WriteAsync(http, UpstreamFailed());
            return;
        }

        sessionId = SessionIdentifiers.Normalize(sessionId!);
        var status = Text(session["status"]) ?? "NotStarted";
        var record = new SessionRecord(sessionId, feature.User.Key, feature.Route.Kind, time.GetUtcNow(), status);

        try
        {
            await store.RecordAsync(record, budget.Token);
        }
        catch (Exception e) when (e is SessionStoreUnavailableException or OperationCanceledException)
        {
            // Whatever stopped the write (the store maps every Redis failure to SessionStoreUnavailableException;
            // the budget may run out), the session must not stay at Face without an owner.
            Log.OwnershipWriteFailed(logger, sessionId, e);
            await DeleteOrphanAsync(http, feature.Route.Kind, sessionId, budget.Token);
            await GatewayProblem.WriteAsync(http, Problems.OwnershipStoreUnavailable.ToResult());
            return;
        }

        Audit(http).SessionCreated(http, feature.User, feature.Route.Kind, sessionId, await CreatedSessionMode.ReadAsync(feature.CreateContent, CancellationToken.None));
        var created = new JsonObject
        {
            ["sessionId"] = sessionId,
            ["authToken"] = session["authToken"]?.DeepClone(),
            ["status"] = status,
            ["modelVersion"] = session["modelVersion"]?.DeepClone(),
        };
        if (feature.Route.Kind == SessionKind.LivenessWithVerify)
        {
            created["verifyReferences"] = session["results"]?["verifyReferences"]?.DeepClone() ?? new JsonArray();
        }

        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = $"{RoutePrefix(feature.Route.Kind)}/{sessionId}";
        await WriteJsonAsync(http.Response, created, http.RequestAborted);
    }

    private async Task CompleteReadAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        context.SuppressResponseBody = true;
        var http = context.HttpContext;
        var owned = feature.Session!;
        var session = await ReadSessionAsync(response, http.RequestAborted);
        var sessionId = Text(session?["sessionId"]);
        if (session is null || !string.Equals(sessionId, owned.SessionId, StringComparison.OrdinalIgnoreCase))
        {
            Log.UnexpectedFaceResponse(logger, LivenessOperation.Read, "the result is not the requested session's");
            await GatewayProblem.WriteAsync(http, UpstreamFailed());
            return;
        }

        var json = ToUtf8Json(session);
        if (FinishedResults.IsFinal(Text(session["status"])))
        {
            // Kept before the record's status turns final, which is what sends later reads to the cache.
            await TryStoreAsync(() => results.StoreAsync(owned, json, http.RequestAborted), feature, owned.SessionId);
        }

        if (Text(session["status"]) is { } status && status != owned.Status)
        {
            await TryStoreAsync(() => store.UpdateStatusAsync(owned, status, http.RequestAborted), feature, owned.SessionId);
        }

        var imageIds = SessionImageIds(session);
        if (imageIds.Count > 0)
        {
            await TryStoreAsync(() => store.RecordImagesAsync(owned, imageIds, http.RequestAborted), feature, owned.SessionId);
        }

        Audit(http).SessionResultRead(http, feature.User, owned, session);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(json, http.RequestAborted);
    }

    /// <summary>
    /// Face deleted the session: its record goes, retried within <see cref="RecordRemovalBudget"/> (even if the
    /// client went away), since a record left behind keeps listing a session that no longer exists. When it
    /// cannot be removed in time the client is told so (503 <c>SessionRecordNotRemoved</c>) rather than 204.
    /// </summary>
    private async Task CompleteDeleteAsync(ResponseTransformContext context, LivenessRequestFeature feature)
    {
        var http = context.HttpContext;
        var owned = feature.Session!;
        Audit(http).SessionDeleted(http, feature.User, owned);
        if (await RemoveWithinBudgetAsync(feature, owned))
        {
            return;
        }

        context.SuppressResponseBody = true;
        await GatewayProblem.WriteAsync(http, Problems.SessionRecordNotRemoved.ToResult());
    }

    private async Task<bool> RemoveWithinBudgetAsync(LivenessRequestFeature feature, SessionRecord owned)
    {
        var started = time.GetTimestamp();
        var retry = FirstRemovalRetry;
        while (true)
        {
            using var attempt = new CancellationTokenSource(RecordRemovalBudget, time);
            try
            {
                await RemoveRecordAsync(owned, attempt.Token);
                return true;
            }
            catch (SessionStoreUnavailableException e)
            {
                Log.StoreUpdateFailed(logger, feature.Route.Operation, owned.SessionId, e);
            }

            if (time.GetElapsedTime(started) + retry > RecordRemovalBudget)
            {
                Log.RecordNotRemoved(logger, owned.SessionId);
                return false;
            }

            await Task.Delay(retry, time);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRemovalRetry.Ticks));
        }
    }

    /// <summary>Removes a session's cached result and its record (which every replica's memory forgets too).</summary>
    private async Task RemoveRecordAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await results.RemoveAsync(session, cancellationToken);
        await store.RemoveAsync(session, cancellationToken);
    }

    private static void PassImageHeaders(HttpResponseMessage response, HttpResponse client)
    {
        var content = response.Content.Headers;
        client.ContentType = content.ContentType?.ToString() ?? "application/octet-stream";
        if (content.ContentLength is { } length)
        {
            client.ContentLength = length;
        }

        if (content.ContentDisposition is { } disposition)
        {
            client.Headers.ContentDisposition = disposition.ToString();
        }
    }

    private async Task DeleteOrphanAsync(HttpContext http, SessionKind kind, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var client = http.RequestServices.GetRequiredService<FaceSessionClient>();
            if (!await client.DeleteSessionAsync(kind, sessionId, cancellationToken))
            {
                Log.CompensationFailed(logger, sessionId, null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Log.CompensationFailed(logger, sessionId, e);
        }
    }

    private async Task TryStoreAsync(Func<Task> update, LivenessRequestFeature feature, string sessionId)
    {
        try
        {
            await update();
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUpdateFailed(logger, feature.Route.Operation, sessionId, e);
        }
    }

    private static async Task<JsonObject?> ReadSessionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxSessionBodyBytes)
        {
            return null;
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static List<string> SessionImageIds(JsonObject session)
    {
        var ids = new List<string>();
        if (session["results"]?["attempts"] is JsonArray attempts)
        {
            foreach (var attempt in attempts)
            {
                if (Text(attempt?["result"]?["sessionImageId"]) is { } id && SessionIdentifiers.IsValidSessionImageId(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static async Task WriteJsonAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static AuditTrail Audit(HttpContext http) => http.RequestServices.GetRequiredService<AuditTrail>();

    /// <summary>The JSON as the client gets it (and the finished-result cache keeps it).</summary>
    private static byte[] ToUtf8Json(JsonNode body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string RoutePrefix(SessionKind kind) =>
        kind == SessionKind.Liveness ? "/api/liveness/sessions" : "/api/liveness-with-verify/sessions";

    private static ProblemHttpResult UpstreamFailed() =>
        Problems.UpstreamError.ToResult("The liveness service's answer could not be used.");
}
