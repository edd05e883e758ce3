using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Face;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>
/// Face's abuse monitoring (API <c>v1.3-preview.1</c>): the options (section <c>Face:AbuseMonitoring</c>, validated at
/// startup), each user's derived <c>userCorrelationId</c> and its salt in the store, the create fields, the operator
/// policy and the operator's reset route. With <c>v1.2</c> the route stays (a reset then only takes effect once the
/// preview is configured) and creates carry no preview field.
/// </summary>
internal static class AbuseMonitoringExtensions
{
    public static WebApplicationBuilder AddAbuseMonitoring(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(UserCorrelations)))
        {
            return builder;
        }

        builder.Services.AddOptions<AbuseMonitoringOptions>().BindConfiguration(AbuseMonitoringOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AbuseMonitoringOptions>, AbuseMonitoringOptionsValidator>();
        builder.Services.AddOptions<FaceOptions>().BindConfiguration(FaceOptions.SectionName);
        builder.Services.AddSessionPolicy();
        builder.Services.AddUserCorrelations();
        builder.Services.AddSingleton<UserCorrelations>();
        builder.Services.AddSingleton<AbuseMonitoringCreateFields>();
        builder.Services.AddSingleton<UserCorrelationResets>();
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.TryAddSingleton<AuditTrail>();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<AbuseMonitoringOptions>>((authorization, abuse) =>
            authorization.AddPolicy(UserPolicies.LivenessOperator, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => (context.Resource is HttpContext http ? http.LivenessUser() : UserId.FromPrincipal(context.User)) is not null)
                .RequireClaim(abuse.Value.OperatorClaimType, abuse.Value.OperatorClaimValue)));
        return builder;
    }

    public static WebApplication MapAbuseMonitoring(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<FaceOptions>>().Value.UsesAbuseMonitoring)
        {
            _ = app.Services.GetRequiredService<UserCorrelations>(); // Development's generated secret is logged at startup
        }

        UserCorrelationResets.Map(app);
        return app;
    }
}
