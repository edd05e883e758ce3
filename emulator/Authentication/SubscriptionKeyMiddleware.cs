using Liveness.Emulator.Edge;
using Liveness.Emulator.Errors;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Liveness.Emulator.Authentication;

/// <summary>
/// Authenticates Face calls as the service does: <c>Ocp-Apim-Subscription-Key</c>, or
/// <c>Authorization: Bearer</c> with the configured stand-in for a Microsoft Entra token. Anything else
/// is 401 with code "401". Control API calls (<c>/emulator/...</c>) need no credential.
/// </summary>
internal sealed class SubscriptionKeyMiddleware(RequestDelegate next, IOptionsMonitor<EmulatorOptions> options, ILogger<SubscriptionKeyMiddleware> logger)
{
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetFaceOperation() is not { } operation)
        {
            await next(context);
            return;
        }

        var settings = options.CurrentValue;
        var request = context.Request;
        var key = request.Headers[KeyHeader];
        var authorization = request.Headers[HeaderNames.Authorization].ToString();

        bool accepted;
        string reason;
        if (key.Count > 0)
        {
            accepted = CredentialComparer.Matches(key.ToString(), settings.ApiKey);
            reason = "wrong subscription key";
        }
        else if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            accepted = CredentialComparer.Matches(authorization["Bearer ".Length..].Trim(), settings.BearerToken);
            reason = settings.BearerToken is null ? "bearer tokens are not configured" : "wrong bearer token";
        }
        else
        {
            accepted = false;
            reason = "no credential";
        }

        if (!accepted)
        {
            Log.CallRefused(logger, operation.Name, reason);
            await FaceErrors.Unauthorized().ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
