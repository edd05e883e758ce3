using System.Security.Cryptography;
using System.Text.Json;
using Liveness.Emulator.Edge;
using Liveness.Emulator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// The liveness session operations, in v1.2 and in v1.3-preview.1 (the same paths; the preview's creates take the
/// abuse-monitoring fields and its answers report abuse monitoring): create / get / delete for both session kinds,
/// and session images.
/// </summary>
internal static class SessionEndpoints
{
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<SessionTokenIssuer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLivenessSessions(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (version, prefix) in FaceEndpointExtensions.ApiVersions)
        {
            var face = endpoints.MapGroup(prefix);

            face.MapPost("/detectLiveness-sessions", (HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options) =>
                    CreateLivenessSessionAsync(request, store, issuer, options, version))
                .AsFaceOperation(FaceOperation.CreateLivenessSession, version);
            face.MapGet("/detectLiveness-sessions/{sessionId}", (string sessionId, SessionStore store) => Get(store, sessionId, SessionKind.Liveness, version))
                .AsFaceOperation(FaceOperation.GetLivenessSessionResult, version);
            face.MapDelete("/detectLiveness-sessions/{sessionId}", static (string sessionId, SessionStore store) => Delete(store, sessionId, SessionKind.Liveness))
                .AsFaceOperation(FaceOperation.DeleteLivenessSession, version);

            face.MapPost("/detectLivenessWithVerify-sessions", (HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options) =>
                    CreateLivenessWithVerifySessionAsync(request, store, issuer, options, version))
                .AsFaceOperation(FaceOperation.CreateLivenessWithVerifySession, version);
            face.MapGet("/detectLivenessWithVerify-sessions/{sessionId}", (string sessionId, SessionStore store) => Get(store, sessionId, SessionKind.LivenessWithVerify, version))
                .AsFaceOperation(FaceOperation.GetLivenessWithVerifySessionResult, version);
            face.MapDelete("/detectLivenessWithVerify-sessions/{sessionId}", static (string sessionId, SessionStore store) => Delete(store, sessionId, SessionKind.LivenessWithVerify))
                .AsFaceOperation(FaceOperation.DeleteLivenessWithVerifySession, version);

            face.MapGet("/sessionImages/{sessionImageId}", GetSessionImage)
                .AsFaceOperation(FaceOperation.GetSessionImage, version);
        }

        return endpoints;
    }

    private static async Task<IResult> CreateLivenessSessionAsync(
        HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options, FaceApiVersion version)
    {
        CreateLivenessSessionContent? content;
        try
        {
            // The service parses the body as JSON whatever its Content-Type says.
            content = await JsonSerializer.DeserializeAsync<CreateLivenessSessionContent>(request.Body, FaceJson.Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return FaceErrors.JsonParsingError();
        }

        if (content is null)
        {
            return FaceErrors.BadArgument("Request body is invalid.");
        }

        if (SessionRequestValidator.Validate(
            content.LivenessOperationMode,
            content.LivenessModelVersion,
            content.AuthTokenTimeToLiveInSeconds,
            content.DeviceCorrelationIdSetInClient,
            content.DeviceCorrelationId) is { } error)
        {
            return error;
        }

        var preview = version == FaceApiVersion.V1_3Preview1;
        if (preview && SessionRequestValidator.ValidateAbuseMonitoring(
            content.NumberOfClientAttemptsAllowed,
            content.UserCorrelationId,
            content.UserCorrelationIdSetInClient,
            content.ExpectedClientIpAddress) is { } abuseError)
        {
            return abuseError;
        }

        var session = store.Create(SessionKind.Liveness, new SessionSettings
        {
            ApiVersion = version,
            NumberOfClientAttemptsAllowed = preview ? content.NumberOfClientAttemptsAllowed ?? 1 : 1,
            UserCorrelationId = preview ? content.UserCorrelationId : null,
            ExpectedClientIpAddress = preview ? content.ExpectedClientIpAddress : null,
            LivenessOperationMode = SessionRequestValidator.NormalizeMode(content.LivenessOperationMode)!,
            ModelVersion = SessionRequestValidator.ModelVersion,
            AuthTokenLifetime = TimeSpan.FromSeconds(content.AuthTokenTimeToLiveInSeconds ?? SessionRequestValidator.DefaultAuthTokenTimeToLiveInSeconds),
            DeviceCorrelationId = content.DeviceCorrelationId,
            EnableSessionImage = content.EnableSessionImage ?? false,
        });
        return Created(session, request, issuer, options.Value, version);
    }

    private static async Task<IResult> CreateLivenessWithVerifySessionAsync(
        HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options, FaceApiVersion version)
    {
        var (content, formError) = await VerifySessionForm.ReadAsync(request);
        if (formError is not null)
        {
            return formError;
        }

        if (SessionRequestValidator.Validate(
            content!.LivenessOperationMode,
            content.LivenessModelVersion,
            content.AuthTokenTimeToLiveInSeconds,
            content.DeviceCorrelationIdSetInClient,
            content.DeviceCorrelationId) is { } error)
        {
            return error;
        }

        if (content.VerifyConfidenceThreshold is < 0 or > 1)
        {
            return FaceErrors.BadArgument("Invalid verifyConfidenceThreshold specified. Must be within 0 to 1.");
        }

        // The preview's verify form has only numberOfClientAttemptsAllowed of the abuse-monitoring fields.
        var preview = version == FaceApiVersion.V1_3Preview1;
        if (preview && SessionRequestValidator.ValidateAbuseMonitoring(content.NumberOfClientAttemptsAllowed, null, null, null) is { } abuseError)
        {
            return abuseError;
        }

        var session = store.Create(SessionKind.LivenessWithVerify, new SessionSettings
        {
            ApiVersion = version,
            NumberOfClientAttemptsAllowed = preview ? content.NumberOfClientAttemptsAllowed ?? 1 : 1,
            LivenessOperationMode = SessionRequestValidator.NormalizeMode(content.LivenessOperationMode)!,
            ModelVersion = SessionRequestValidator.ModelVersion,
            AuthTokenLifetime = TimeSpan.FromSeconds(content.AuthTokenTimeToLiveInSeconds ?? SessionRequestValidator.DefaultAuthTokenTimeToLiveInSeconds),
            DeviceCorrelationId = content.DeviceCorrelationId,
            EnableSessionImage = content.EnableSessionImage ?? false,
            ReturnVerifyImageHash = content.ReturnVerifyImageHash ?? false,
            VerifyConfidenceThreshold = content.VerifyConfidenceThreshold,
            VerifyImageHash = Convert.ToHexString(SHA256.HashData(content.VerifyImage)),
        });
        return Created(session, request, issuer, options.Value, version);
    }

    private static JsonHttpResult<object> Created(EmulatedSession session, HttpRequest request, SessionTokenIssuer issuer, EmulatorOptions options, FaceApiVersion version)
    {
        var token = issuer.Issue(session, $"{request.Scheme}://{request.Host}", options.Region);
        return Json(SessionViews.ToWire(session, token, justCreated: true, version));
    }

    private static IResult Get(SessionStore store, string sessionId, SessionKind kind, FaceApiVersion version) =>
        store.Find(sessionId, kind) is { } session ? Json(SessionViews.ToWire(session, version: version)) : FaceErrors.SessionNotFound();

    private static IResult Delete(SessionStore store, string sessionId, SessionKind kind) =>
        store.Delete(sessionId, kind) ? TypedResults.NoContent() : FaceErrors.SessionNotFound();

    private static IResult GetSessionImage(string sessionImageId, HttpResponse response, SessionStore store)
    {
        if (store.FindImage(sessionImageId) is not { } jpeg)
        {
            return FaceErrors.SessionNotFound();
        }

        // Exactly the real header; Results.File would format the disposition differently.
        response.Headers.ContentDisposition = $"attachment; filename={sessionImageId}.jpg; filename*=UTF-8''{sessionImageId}.jpg";
        return TypedResults.Bytes(jpeg, "application/octet-stream");
    }

    private static JsonHttpResult<object> Json(object session) => TypedResults.Json(session, FaceJson.Options, FaceJson.ContentType);
}
