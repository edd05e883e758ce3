using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Security;

/// <summary>CORS for the configured web-app origins and security headers on every response.</summary>
internal static class BrowserSecurityExtensions
{
    public static WebApplicationBuilder AddBrowserSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FrontendCorsOptions>().BindConfiguration(FrontendCorsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FrontendCorsOptions>, FrontendCorsOptionsValidator>();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<FrontendCorsOptions>>((cors, frontends) => cors.AddPolicy(FrontendCorsOptions.PolicyName, policy => policy
                .WithOrigins([.. frontends.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
                .WithHeaders("Authorization", "Content-Type", "x-ms-client-request-id")
                .WithExposedHeaders("Location", "Retry-After", "apim-request-id")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }
}
