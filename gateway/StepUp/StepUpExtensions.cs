using Liveness.Gateway.Assertions;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.Identity;
using Liveness.Policies.Verdicts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Liveness.Gateway.StepUp;

/// <summary>
/// Liveness-gated routes of the apps' own APIs: each policy under <c>Liveness:Policies:{name}</c> becomes an
/// authorization policy of that name, which a YARP route names in its <c>AuthorizationPolicy</c>. It needs an end user
/// with a subject (as <see cref="UserPolicies.LivenessUser"/>) and a recent enough pass (<see cref="RecentLivenessPassHandler"/>);
/// without one the answer is a step-up challenge (<see cref="StepUpResultHandler"/>), and with one the request is
/// forwarded with the gateway's signed assertion (<see cref="LivenessAssertionTransformProvider"/>).
/// </summary>
internal static class StepUpExtensions
{
    public static WebApplicationBuilder AddLivenessPolicies(this WebApplicationBuilder builder)
    {
        var names = builder.Configuration.GetSection(LivenessPolicyOptions.SectionName).GetChildren().Select(section => section.Key).ToList();
        foreach (var name in names)
        {
            if (string.Equals(name, UserPolicies.LivenessUser, StringComparison.OrdinalIgnoreCase))
            {
                throw new OptionsValidationException(name, typeof(LivenessPolicyOptions),
                    [$"{LivenessPolicyOptions.SectionName}:{name}: the name is taken by the gateway's own policy; choose another."]);
            }

            builder.Services.AddOptions<LivenessPolicyOptions>(name).BindConfiguration($"{LivenessPolicyOptions.SectionName}:{name}").ValidateOnStart();
            builder.Services.AddAuthorizationBuilder().AddPolicy(name, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => (context.Resource is HttpContext http ? http.LivenessUser() : UserId.FromPrincipal(context.User)) is not null)
                .AddRequirements(new RecentLivenessPassRequirement(name)));
        }

        builder.AddLivenessAssertions(); // the gated request is forwarded with an assertion of its pass
        builder.Services.AddVerdicts();
        builder.Services.AddSingleton<IValidateOptions<LivenessPolicyOptions>, LivenessPolicyOptionsValidator>();
        builder.Services.AddSingleton(new LivenessPolicyNames(names));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IAuthorizationHandler, RecentLivenessPassHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, StepUpResultHandler>();
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.TryAddSingleton<AuditTrail>();
        builder.Services.AddSingleton<ITransformProvider, LivenessAssertionTransformProvider>();
        return builder;
    }
}
