using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Resilience;
using Liveness.Policies.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The one middleware of YARP's proxy pipeline for the Face routes, after authentication: it reads the route's
/// <see cref="LivenessRoute"/> and <see cref="FaceOperation"/> metadata and runs the operation's steps before
/// Face is called. The operation may refuse without a Face call: malformed ids (400), bodies the session
/// policy does not allow (400/413/415), and sessions or images the caller does not own, of the other kind, or
/// unknown (404, the same answer for all three); when the store cannot answer it fails closed (503). It may
/// refuse before the body is read (a verify create over the replica's upload bound, 503), hold a place until
/// Face has answered, or answer from what the gateway already knows (a finished result). When Face gave no
/// answer (timeout, refused or dropped connection) YARP leaves an empty 502/504: the gateway's problem is
/// written instead (429 or 503 when the gateway itself held the call back: no permit of the Face budget, circuit
/// open or no Face credential, see <see cref="UpstreamRefusal"/>).
/// </summary>
internal sealed class FaceOperationMiddleware(RequestDelegate next, AuditTrail audit, ILogger<FaceOperationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (LivenessRoute.Of(context) is not { } route || FaceOperation.Of(context) is not { } operation)
        {
            await next(context);
            return;
        }

        if (context.LivenessUser() is not { } user)
        {
            audit.AccessDenied(context, AccessDenialReason.Forbidden, target: null, StatusCodes.Status401Unauthorized);
            await GatewayProblem.WriteAsync(context, Problems.BearerTokenSubjectMissing.ToResult());
            return;
        }

        if (operation.Admit(context, out var place) is { } busy)
        {
            await GatewayProblem.WriteAsync(context, busy);
            return;
        }

        using (place)
        {
            await HandleAsync(context, route, operation, user);
        }
    }

    private async Task HandleAsync(HttpContext context, LivenessRoute route, FaceOperation operation, UserId user)
    {
        var feature = new LivenessRequestFeature(route, operation, user);
        var refusal = await operation.PrepareAsync(context, feature);
        if (refusal is not null)
        {
            Log.RequestRefused(logger, refusal.StatusCode, refusal.ProblemDetails.Extensions.TryGetValue(GatewayProblem.CodeExtension, out var code) ? code?.ToString() ?? "-" : "-");
            await GatewayProblem.WriteAsync(context, refusal);
            return;
        }

        if (await operation.TryAnswerWithoutFaceAsync(context, feature))
        {
            return;
        }

        await ReplaceRequestBodyAsync(context, feature.CreateContent);
        context.Features.Set(feature);
        try
        {
            await next(context);
            await AnswerForwarderErrorAsync(context, route);
        }
        finally
        {
            // Face has answered: nothing may keep the built body (a verify image) alive, not even a kept-alive connection.
            context.Request.Body = Stream.Null;
            feature.CreateContent?.Dispose();
            feature.CreateContent = null;
        }
    }

    /// <summary>Writes the gateway's problem when forwarding got no answer from Face (YARP leaves an empty 502/504).</summary>
    private async Task AnswerForwarderErrorAsync(HttpContext context, LivenessRoute route)
    {
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        // The route's Timeout (request timeouts middleware) cancels the request, which YARP reports as
        // a cancellation; only a cancellation without it means the client went away.
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (error.Error is ForwarderError.RequestCanceled && !routeTimedOut)
        {
            return;
        }

        var operation = route.Operation;
        if (await UpstreamRefusal.TryWriteAsync(context, error.Exception, operation.ToString(), logger))
        {
            return; // no permit of the Face budget, the circuit is open, no Face credential, or an attempt timed out
        }

        Log.ForwardingFailed(logger, error.Error.ToString(), operation, error.Exception);
        var timedOut = routeTimedOut || error.Error is ForwarderError.RequestTimedOut || context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
        var problem = timedOut
            ? Problems.UpstreamTimeout
            : Problems.UpstreamUnavailable;
        await GatewayProblem.WriteAsync(context, problem.ToResult());
    }

    /// <summary>
    /// YARP forwards <see cref="HttpRequest.Body"/> (replacing its outgoing content is not supported),
    /// so the client's body is swapped for the one the gateway built; reads and deletes forward none.
    /// The built content is read as a stream in place (the verify image is not copied again) and
    /// disposed with the response. Creates are sent once: the resilience pipeline retries only GETs.
    /// </summary>
    private static async Task ReplaceRequestBodyAsync(HttpContext context, HttpContent? content)
    {
        var request = context.Request;
        request.Headers.TransferEncoding = default;
        if (content is null)
        {
            request.Body = Stream.Null;
            request.ContentLength = null;
            request.ContentType = null;
            context.Features.Set<IHttpRequestBodyDetectionFeature>(BodyDetection.None);
            return;
        }

        context.Response.RegisterForDispose(content);
        request.Body = await content.ReadAsStreamAsync(context.RequestAborted);
        request.ContentLength = content.Headers.ContentLength;
        request.ContentType = content.Headers.ContentType?.ToString();
        context.Features.Set<IHttpRequestBodyDetectionFeature>(BodyDetection.Present);
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public static readonly BodyDetection None = new(false);
        public static readonly BodyDetection Present = new(true);

        public bool CanHaveBody { get; } = canHaveBody;
    }
}
