using System.Net;
using System.Security.Cryptography;
using Liveness.Emulator.Errors;
using Liveness.Emulator.Sessions;

namespace Liveness.Emulator.Control;

/// <summary>
/// <c>/emulator/sessions/{sessionId}/...</c>: stands in for the phone or browser that runs the Face client
/// SDK with the session's auth token. Every answer is the session as GET on the version it was created with returns it.
/// </summary>
internal static class SessionControlEndpoints
{
    private const float DefaultMatchConfidence = 0.93f;
    private const float DefaultVerifyThreshold = 0.5f;
    private const string DefaultClientAddress = "198.51.100.7";

    public static IEndpointRouteBuilder MapSessionControl(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup(ControlRoutes.Prefix + "/sessions/{sessionId}");
        sessions.MapPost("/start", Start);
        sessions.MapPost("/attempts", AddAttemptAsync);
        sessions.MapPost("/cancel", Cancel);
        return endpoints;
    }

    private static IResult Start(string sessionId, SessionStore store, TimeProvider time) =>
        store.Find(sessionId) is not { } session ? FaceErrors.SessionNotFound() : Answer(session, session.Start(time.GetUtcNow()));

    private static IResult Cancel(string sessionId, SessionStore store) =>
        store.Find(sessionId) is not { } session ? FaceErrors.SessionNotFound() : Answer(session, session.Cancel());

    private static async Task<IResult> AddAttemptAsync(string sessionId, HttpRequest request, SessionStore store, TimeProvider time)
    {
        var (body, error) = await ControlJson.ReadAsync<AttemptRequest>(request);
        if (error is not null)
        {
            return error;
        }

        return store.Find(sessionId) is { } session ? AddAttempt(session, body!, store, time) : FaceErrors.SessionNotFound();
    }

    /// <summary>Adds the attempt <paramref name="body"/> describes (the control API's, or the stand-in UI's through its auth token).</summary>
    internal static IResult AddAttempt(EmulatedSession session, AttemptRequest body, SessionStore store, TimeProvider time)
    {
        if (Validate(body, session) is { } invalid)
        {
            return invalid;
        }

        var succeeded = body.Decision is not null;
        var transition = session.AddAttempt(
            time.GetUtcNow(),
            attemptId => new EmulatedAttempt
            {
                AttemptId = attemptId,
                Status = succeeded ? OperationState.Succeeded : OperationState.Failed,
                Decision = body.Decision?.ToLowerInvariant(),
                ErrorCode = body.ErrorCode,
                ErrorMessage = succeeded ? null : body.ErrorMessage ?? AttemptErrors.MessageFor(body.ErrorCode!),
                Digest = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
                SessionImageId = succeeded && (body.SessionImage ?? session.Settings.EnableSessionImage) ? store.AddImage(session) : null,
                Verify = succeeded && session.Kind == SessionKind.LivenessWithVerify ? VerifyOutcome(body.Verify, session.Settings) : null,
                ClientIp = session.Settings.IsAbuseMonitored ? body.ClientIp ?? DefaultClientIp(session.Settings) : null,
                AbuseDetected = body.AbuseDetected ?? false,
            },
            final: body.Final ?? true);
        return Answer(session, transition);
    }

    private static FaceErrorResult? Validate(AttemptRequest body, EmulatedSession session)
    {
        if ((body.Decision is null) == (body.ErrorCode is null))
        {
            return FaceErrors.BadArgument("Give either 'decision' (realface, spoofface, uncertain) or 'errorCode'.");
        }

        if (body.Decision is { } decision
            && !decision.Equals("realface", StringComparison.OrdinalIgnoreCase)
            && !decision.Equals("spoofface", StringComparison.OrdinalIgnoreCase)
            && !decision.Equals("uncertain", StringComparison.OrdinalIgnoreCase))
        {
            return FaceErrors.BadArgument("'decision' must be realface, spoofface or uncertain.");
        }

        if (body.ErrorCode is { } code && string.IsNullOrWhiteSpace(code))
        {
            return FaceErrors.BadArgument("'errorCode' must not be blank.");
        }

        if (body.Verify is not null && session.Kind != SessionKind.LivenessWithVerify)
        {
            return FaceErrors.BadArgument("'verify' applies to liveness-with-verify sessions only.");
        }

        if (body.Verify?.MatchConfidence is < 0 or > 1)
        {
            return FaceErrors.BadArgument("'verify.matchConfidence' must be within 0 to 1.");
        }

        if ((body.AbuseDetected is not null || body.ClientIp is not null) && !session.Settings.IsAbuseMonitored)
        {
            return FaceErrors.BadArgument("'abuseDetected' and 'clientIp' apply to sessions created with v1.3-preview.1 only.");
        }

        if (body.AbuseDetected == true && body.Decision is null)
        {
            return FaceErrors.BadArgument("'abuseDetected' applies to a succeeded attempt (give 'decision').");
        }

        if (body.ClientIp is { } ip && !IPAddress.TryParse(ip, out _))
        {
            return FaceErrors.BadArgument("'clientIp' must be an IP address.");
        }

        return null;
    }

    private static string DefaultClientIp(SessionSettings settings) =>
        settings.ExpectedClientIpAddress is { } expected && IPAddress.TryParse(expected, out _) ? expected : DefaultClientAddress;

    private static LivenessWithVerifyOutputs VerifyOutcome(AttemptVerify? verify, SessionSettings settings)
    {
        var confidence = verify?.MatchConfidence ?? DefaultMatchConfidence;
        var identical = verify?.IsIdentical ?? confidence >= (settings.VerifyConfidenceThreshold ?? DefaultVerifyThreshold);
        return new LivenessWithVerifyOutputs(confidence, identical);
    }

    private static IResult Answer(EmulatedSession session, SessionTransition transition) => transition switch
    {
        SessionTransition.Done => TypedResults.Json(SessionViews.ToWire(session, version: session.Settings.ApiVersion), FaceJson.Options, FaceJson.ContentType),
        SessionTransition.TokenExpired => FaceErrors.TokenExpired(),
        _ => FaceErrors.Conflict($"Session {session.Id} has already finished ({session.Snapshot().Status})."),
    };
}
