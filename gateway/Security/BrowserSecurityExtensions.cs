using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Security;

/// <summary>
/// CORS for the configured web-app origins (the routes' named policy, and the default policy for every other
/// answer the gateway gives) and security headers on every response.
/// </summary>
internal static class BrowserSecurityExtensions
{
    public static WebApplicationBuilder AddBrowserSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FrontendCorsOptions>().BindConfiguration(FrontendCorsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FrontendCorsOptions>, FrontendCorsOptionsValidator>();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>()
            .Configure<IOptions<FrontendCorsOptions>>((cors, frontends) =>
            {
                var policy = FrontendPolicy(frontends.Value);
                cors.AddPolicy(FrontendCorsOptions.PolicyName, policy);

                // Also the default: answers without a route's policy (an unknown path's 404, a 405, the
                // probes) reach the same origins readably, so a web app can read every problem it gets.
                cors.AddDefaultPolicy(policy);
            });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    private static CorsPolicy FrontendPolicy(FrontendCorsOptions frontends)
    {
        var policy = new CorsPolicyBuilder()
            .WithOrigins([.. frontends.AllowedOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
            .WithHeaders([.. frontends.RequestHeaders])
            .WithExposedHeaders([.. FrontendCorsOptions.ExposedHeaders])
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();

        // The same exact-match check, stated explicitly: ASP.NET Core then sends Vary: Origin with every
        // CORS answer, also when a single origin is allowed (by default it does so only for two or more).
        var origins = policy.Origins;
        policy.IsOriginAllowed = origins.Contains;
        return policy;
    }

    /// <summary>Lets a successful answer of this endpoint be cached publicly for <paramref name="maxAge"/> (every other answer is <c>no-store</c>).</summary>
    public static TBuilder CacheablePublicly<TBuilder>(this TBuilder builder, TimeSpan maxAge)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicCacheMetadata(maxAge));

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }
}
