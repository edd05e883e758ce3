using Liveness.Emulator.Control;
using Liveness.Emulator.Errors;
using Liveness.Emulator.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Liveness.Emulator.Ui;

/// <summary>
/// <c>/emulator/ui/...</c>: a stand-in for Microsoft's liveness web component (npm <c>azure-ai-vision-face-ui</c>, a
/// gated download), so a web app runs its whole flow against the emulator in a browser. The module defines the same
/// element; its buttons finish the session through <c>POST /emulator/ui/attempts</c>, which knows the session only
/// by its auth token, as Face's client endpoints do. Both routes answer any origin (CORS, no credentials): the auth
/// token in the request is the only credential, as it is for the real component, which a page on any origin loads.
/// </summary>
internal static class StandInUiEndpoints
{
    public const string ModulePath = ControlRoutes.Prefix + "/ui/azure-ai-vision-face-ui.js";
    public const string AttemptsPath = ControlRoutes.Prefix + "/ui/attempts";

    private const string CorsPolicy = "StandInUi";
    private const string ModuleResource = "Liveness.Emulator.Ui.azure-ai-vision-face-ui.js";

    public static WebApplicationBuilder AddStandInUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType)));
        return builder;
    }

    public static IEndpointRouteBuilder MapStandInUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ModulePath, Module).RequireCors(CorsPolicy);
        endpoints.MapPost(AttemptsPath, AddAttemptAsync).RequireCors(CorsPolicy);
        return endpoints;
    }

    private static FileStreamHttpResult Module()
    {
        var stream = typeof(StandInUiEndpoints).Assembly.GetManifestResourceStream(ModuleResource)
            ?? throw new InvalidOperationException($"The embedded resource {ModuleResource} is missing from the emulator's assembly.");
        return TypedResults.Stream(stream, "text/javascript; charset=utf-8");
    }

    /// <summary>
    /// <c>Authorization: Bearer &lt;session auth token&gt;</c>, body <c>{"decision":"realface"|"spoofface"|"uncertain"}</c>:
    /// one attempt that finishes the session (started first if needed). 204 with no body, like the real client,
    /// which never learns the result unless the session says so: the app reads it from its backend.
    /// </summary>
    private static async Task<IResult> AddAttemptAsync(HttpRequest request, SessionStore store, SessionTokenIssuer issuer, TimeProvider time)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var token = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        if (issuer.SessionIdOf(token) is not { } sessionId)
        {
            return FaceErrors.Unauthorized();
        }

        var (body, error) = await ControlJson.ReadAsync<UiAttemptRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (store.Find(sessionId) is not { } session)
        {
            return FaceErrors.SessionNotFound();
        }

        var answer = SessionControlEndpoints.AddAttempt(session, new AttemptRequest { Decision = body!.Decision ?? string.Empty }, store, time);
        return answer is FaceErrorResult ? answer : TypedResults.NoContent();
    }
}
