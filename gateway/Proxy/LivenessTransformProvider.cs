using System.Diagnostics;
using System.Net.Http.Headers;
using Liveness.Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The transforms every Face route gets, whatever its configuration says. Toward Face: an allow-list of
/// headers (the caller's <c>Authorization</c>, cookies, <c>Ocp-Apim-*</c> and everything else stay behind),
/// no query string but the operation's own (<see cref="FaceOperation.FaceQuery"/>), no <c>X-Forwarded-*</c>, the
/// gateway-built body (a create's, a detection's), the operation's <c>Accept</c>. The
/// gateway's own Face credential is added below the transforms, on every attempt, by the Face HTTP pipeline
/// (<see cref="Face.FaceHttpPipeline"/>).
/// Back from Face: Face's billing and infrastructure headers stay behind, Face's request id is passed on, a
/// successful answer goes to the route's <see cref="FaceOperation"/>, and Face's errors are translated
/// (forgetting a session Face no longer knows, whichever operation found out).
/// </summary>
internal sealed class LivenessTransformProvider(FaceOperations operations, OwnedSessions sessions, TimeProvider time, ILogger<FaceOperation> logger) : ITransformProvider
{
    /// <summary>Face's request id, passed on to clients as a correlation header.</summary>
    public const string FaceRequestIdHeader = "apim-request-id";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!operations.TryRead(context.Route, out _, out _, out var error) && error is not null)
        {
            context.Errors.Add(new InvalidOperationException(error));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    /// <summary>Builds a Face route's transforms once per route configuration, from the operation parsed here.</summary>
    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!operations.TryRead(context.Route, out _, out var operation, out _) || operation is null)
        {
            return;
        }

        context.CopyRequestHeaders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.UseDefaultForwarders = false;
        var accept = operation.Accept;
        var query = operation.FaceQuery;
        context.AddRequestTransform(proxied => PrepareFaceRequestAsync(proxied, accept, query));
        context.AddResponseTransform(HandleFaceAnswerAsync);
    }

    private static ValueTask PrepareFaceRequestAsync(RequestTransformContext context, MediaTypeWithQualityHeaderValue accept, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var feature = context.HttpContext.Features.GetRequiredFeature<LivenessRequestFeature>();
        var request = context.ProxyRequest;
        context.Query.Collection.Clear();
        foreach (var (name, value) in query)
        {
            context.Query.Collection[name] = value; // the operation's own, from the gateway's settings
        }

        if (request.Content is not null && feature.CreateContent is { } built)
        {
            // Request headers are not copied: describe the gateway-built body (see FaceOperationMiddleware).
            request.Content.Headers.ContentType = built.Headers.ContentType;
            request.Content.Headers.ContentLength = context.HttpContext.Request.ContentLength;
        }

        request.Headers.Accept.Add(accept);
        if (Activity.Current is { } activity)
        {
            request.Headers.TryAddWithoutValidation("x-ms-client-request-id", activity.TraceId.ToString());
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask HandleFaceAnswerAsync(ResponseTransformContext context)
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
            Log.ClientGone(logger, context.HttpContext.Features.Get<LivenessRequestFeature>()?.Operation.Name ?? "-");
        }
    }

    private async Task HandleResponseAsync(ResponseTransformContext context)
    {
        var response = context.ProxyResponse;
        if (response is null)
        {
            return; // Forwarding failed; FaceOperationMiddleware answers.
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
