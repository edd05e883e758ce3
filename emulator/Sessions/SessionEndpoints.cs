using System.Security.Cryptography;
using System.Text.Json;
using Liveness.Emulator.Edge;
using Liveness.Emulator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// The v1.2 liveness session operations: create / get / delete for both session kinds, and session images.
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
        var face = endpoints.MapGroup(FaceEndpointExtensions.ApiVersionPrefix);

        face.MapPost("/detectLiveness-sessions", CreateLivenessSessionAsync)
            .AsFaceOperation(FaceOperation.CreateLivenessSession);
        face.MapGet("/detectLiveness-sessions/{sessionId}", static (string sessionId, SessionStore store) => Get(store, sessionId, SessionKind.Liveness))
            .AsFaceOperation(FaceOperation.GetLivenessSessionResult);
        face.MapDelete("/detectLiveness-sessions/{sessionId}", static (string sessionId, SessionStore store) => Delete(store, sessionId, SessionKind.Liveness))
            .AsFaceOperation(FaceOperation.DeleteLivenessSession);

        face.MapPost("/detectLivenessWithVerify-sessions", CreateLivenessWithVerifySessionAsync)
            .AsFaceOperation(FaceOperation.CreateLivenessWithVerifySession);
        face.MapGet("/detectLivenessWithVerify-sessions/{sessionId}", static (string sessionId, SessionStore store) => Get(store, sessionId, SessionKind.LivenessWithVerify))
            .AsFaceOperation(FaceOperation.GetLivenessWithVerifySessionResult);
        face.MapDelete("/detectLivenessWithVerify-sessions/{sessionId}", static (string sessionId, SessionStore store) => Delete(store, sessionId, SessionKind.LivenessWithVerify))
            .AsFaceOperation(FaceOperation.DeleteLivenessWithVerifySession);

        face.MapGet("/sessionImages/{sessionImageId}", GetSessionImage)
            .AsFaceOperation(FaceOperation.GetSessionImage);
        return endpoints;
    }

    private static async Task<IResult> CreateLivenessSessionAsync(
        HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options)
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

        var session = store.Create(SessionKind.Liveness, new SessionSettings
        {
            LivenessOperationMode = SessionRequestValidator.NormalizeMode(content.LivenessOperationMode)!,
            ModelVersion = SessionRequestValidator.ModelVersion,
            AuthTokenLifetime = TimeSpan.FromSeconds(content.AuthTokenTimeToLiveInSeconds ?? SessionRequestValidator.DefaultAuthTokenTimeToLiveInSeconds),
            DeviceCorrelationId = content.DeviceCorrelationId,
            EnableSessionImage = content.EnableSessionImage ?? false,
        });
        return Created(session, request, issuer, options.Value);
    }

    private static async Task<IResult> CreateLivenessWithVerifySessionAsync(
        HttpRequest request, SessionStore store, SessionTokenIssuer issuer, IOptions<EmulatorOptions> options)
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

        var session = store.Create(SessionKind.LivenessWithVerify, new SessionSettings
        {
            LivenessOperationMode = SessionRequestValidator.NormalizeMode(content.LivenessOperationMode)!,
            ModelVersion = SessionRequestValidator.ModelVersion,
            AuthTokenLifetime = TimeSpan.FromSeconds(content.AuthTokenTimeToLiveInSeconds ?? SessionRequestValidator.DefaultAuthTokenTimeToLiveInSeconds),
            DeviceCorrelationId = content.DeviceCorrelationId,
            EnableSessionImage = content.EnableSessionImage ?? false,
            ReturnVerifyImageHash = content.ReturnVerifyImageHash ?? false,
            VerifyConfidenceThreshold = content.VerifyConfidenceThreshold,
            VerifyImageHash = Convert.ToHexString(SHA256.HashData(content.VerifyImage)),
        });
        return Created(session, request, issuer, options.Value);
    }

    private static JsonHttpResult<object> Created(EmulatedSession session, HttpRequest request, SessionTokenIssuer issuer, EmulatorOptions options)
    {
        var token = issuer.Issue(session, $"{request.Scheme}://{request.Host}", options.Region);
        return Json(SessionViews.ToWire(session, token, justCreated: true));
    }

    private static IResult Get(SessionStore store, string sessionId, SessionKind kind) =>
        store.Find(sessionId, kind) is { } session ? Json(SessionViews.ToWire(session)) : FaceErrors.SessionNotFound();

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
