using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Samples.AssertionVerifier;

/// <summary>The stock JwtBearer handler, set up to accept the gateway's liveness assertions and nothing else.</summary>
public static class LivenessAssertionAuthentication
{
    /// <summary>The header the gateway forwards an assertion in (and an app may send it in).</summary>
    public const string HeaderName = "Liveness-Assertion";

    /// <summary>The JWS <c>typ</c> of an assertion: an access or ID token of the same issuer is refused.</summary>
    public const string TokenType = "liveness+jwt";

    public static WebApplicationBuilder AddLivenessAssertionAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LivenessAssertionOptions>().BindConfiguration(LivenessAssertionOptions.SectionName)
            .Validate(o => o.JwksUri is { IsAbsoluteUri: true } && !string.IsNullOrEmpty(o.Issuer) && !string.IsNullOrEmpty(o.Audience),
                "LivenessAssertions:JwksUri, :Issuer and :Audience are required: the gateway's JWK Set URL, its Liveness:Assertions:Issuer, and this backend's audience.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<LivenessAssertionOptions>>((jwt, settings) => Configure(jwt, settings.Value));
        builder.Services.AddAuthorization();
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, LivenessAssertionOptions settings)
    {
        jwt.MapInboundClaims = false; // sub, idp, auth_time as the gateway wrote them
        jwt.RequireHttpsMetadata = settings.RequireHttps;
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            settings.JwksUri!.AbsoluteUri,
            new JwksRetriever(settings.Issuer!),
            new HttpDocumentRetriever { RequireHttps = settings.RequireHttps })
        {
            // The gateway lets the JWK Set be cached for 5 minutes: a removed key is refused within that time.
            AutomaticRefreshInterval = TimeSpan.FromMinutes(5),
            // A token signed with a key not seen yet (rotation) fetches the set again, at most this often.
            RefreshInterval = TimeSpan.FromSeconds(1),
        };
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidTypes = [TokenType],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30), // assertions live a minute: the default 5 minutes would multiply that
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // Liveness-Assertion first; otherwise JwtBearer reads Authorization: Bearer as usual.
                if (context.Request.Headers[HeaderName] is [{ Length: > 0 } assertion])
                {
                    context.Token = assertion;
                }

                return Task.CompletedTask;
            },
        };
    }
}
