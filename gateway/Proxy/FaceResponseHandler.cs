using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway does with Face's answer before the client sees it: passes Face's request id on,
/// hands a successful answer to the route's <see cref="FaceOperation"/>, and translates Face's errors
/// (forgetting a session Face no longer knows, whichever operation found out).
/// </summary>
internal sealed class FaceResponseHandler(OwnedSessions sessions, TimeProvider time, ILogger<FaceResponseHandler> logger)
{
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

        await feature.Operation.CompleteAsync(context, response, feature);
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
            await sessions.TryStoreAsync(() => sessions.RemoveRecordAsync(gone, http.RequestAborted), feature, gone.SessionId);
        }

        var problem = await UpstreamErrorTranslator.TranslateAsync(response, feature.Route.Operation, logger, http.RequestAborted);
        if (problem.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            http.Response.Headers.RetryAfter = UpstreamErrorTranslator.FormatSeconds(UpstreamErrorTranslator.RetryAfterSeconds(response, time));
        }

        await GatewayProblem.WriteAsync(http, problem);
    }
}
