using Liveness.Gateway.Errors;
using Liveness.Policies.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// End-user authentication: JWT bearer from the standard section <c>Authentication:Schemes:Bearer</c>
/// (OIDC <c>Authority</c>, or <c>ValidIssuer</c>/<c>ValidAudiences</c>/<c>SigningKeys</c> as
/// <c>dotnet user-jwts</c> writes them). Claim names are kept as issued (<c>sub</c>). Token lifetime
/// follows the app's <see cref="TimeProvider"/> (<see cref="TokenLifetime"/>), and successful validations
/// are remembered for a few minutes (<see cref="ValidatedTokenCache"/>).
/// </summary>
internal static class AuthenticationExtensions
{
    public static WebApplicationBuilder AddUserAuthentication(this WebApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(TimeProvider.System); // token lifetime and the validated-token cache
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, OidcConfigurationSetup>(); // after JwtBearer's own, before the one below
        builder.Services.AddSingleton<IValidateOptions<JwtBearerOptions>, OidcConfigurationOptionsValidator>();
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure(JwtBearerOptionsValidator.RefuseInsecureMetadata);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<ValidatedTokenCache, TimeProvider>((options, cache, time) =>
        {
            options.MapInboundClaims = false;
            options.IncludeErrorDetails = isDevelopment;
            options.Events ??= new JwtBearerEvents();

            // The answers follow whatever handlers are there already (the audit trail's, if it was registered
            // first), never replace them: the order of AddUserAuthentication and AddAuditTrail does not matter.
            options.Events.OnChallenge = Then(options.Events.OnChallenge, WriteChallengeAsync);
            options.Events.OnAuthenticationFailed = IdentityProviderProblem.FailWhenUnavailable;
            options.Events.OnForbidden = Then(options.Events.OnForbidden, context => GatewayProblem.WriteAsync(context.HttpContext, Problems.Forbidden.ToResult()));

            options.TokenValidationParameters.LifetimeValidator ??= TokenLifetime.ValidatorFor(time);
            options.TokenValidationParameters.IgnoreTrailingSlashWhenValidatingAudience = false; // audiences match exactly
            if (options.TokenValidationParameters.IssuerSigningKeys is { } keys and not SigningKeysSnapshot)
            {
                options.TokenValidationParameters.IssuerSigningKeys = new SigningKeysSnapshot(keys, configuration);
            }

            // One caching handler per options instance: entries name it, so an options instance built
            // again (other parameters) never answers from what an older one validated.
            for (var i = 0; i < options.TokenHandlers.Count; i++)
            {
                options.TokenHandlers[i] = new CachingTokenHandler(new StrictTokenHandler(options.TokenHandlers[i], time), cache,
                    options.ConfigurationManager as OidcConfigurationManager, options.TokenValidationParameters.IssuerSigningKeys);
            }
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtBearerOptions>, JwtBearerOptionsValidator>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicies.LivenessUser, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => (context.Resource is HttpContext http ? http.LivenessUser() : UserId.FromPrincipal(context.User)) is not null));
        return builder;
    }

    /// <summary>Runs <paramref name="first"/>, then <paramref name="then"/>.</summary>
    private static Func<TContext, Task> Then<TContext>(Func<TContext, Task> first, Func<TContext, Task> then) => async context =>
    {
        await first(context);
        await then(context);
    };

    private static Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is IdentityProviderUnavailableException unavailable)
        {
            return IdentityProviderProblem.WriteAsync(context.HttpContext, unavailable);
        }

        var problem = BearerTokenRefusal.ProblemFor(context.AuthenticateFailure);
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.Headers.WWWAuthenticate = BearerTokenRefusal.ChallengeFor(problem);
        return GatewayProblem.WriteAsync(context.HttpContext, problem.ToResult());
    }
}
