using Liveness.Gateway.Telemetry;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liveness.Gateway.Audit;

/// <summary>
/// The audit trail (<see cref="AuditTrail"/>). Besides the calls from the proxy's policy and response
/// handling, it records the authentication refusals: it runs before the JWT bearer challenge and forbidden
/// handlers, which <c>AddUserAuthentication</c> adds after whatever is there (either may be registered first).
/// </summary>
internal static class AuditExtensions
{
    public static WebApplicationBuilder AddAuditTrail(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<AuditTrail>((options, audit) =>
        {
            options.Events ??= new JwtBearerEvents();
            var challenge = options.Events.OnChallenge;
            options.Events.OnChallenge = context =>
            {
                var reason = context.AuthenticateFailure is null ? AccessDenialReason.MissingToken : AccessDenialReason.InvalidToken;
                audit.AccessDenied(context.HttpContext, reason, target: null, StatusCodes.Status401Unauthorized);
                return challenge(context);
            };
            var forbidden = options.Events.OnForbidden;
            options.Events.OnForbidden = context =>
            {
                audit.AccessDenied(context.HttpContext, AccessDenialReason.Forbidden, target: null, StatusCodes.Status403Forbidden);
                return forbidden(context);
            };
        });
        return builder;
    }
}
