using Liveness.Gateway.Deletions;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Security;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Verdicts;
using Microsoft.AspNetCore.Cors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Assertions;

/// <summary>
/// Signed liveness assertions: the options, the signing keys (reloaded without a restart), the issuer, and the
/// public keys at <c>GET /.well-known/jwks.json</c> (anonymous, cacheable for five minutes, not on the management
/// port, outside the per-user rate limits).
/// </summary>
internal static class AssertionsExtensions
{
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>How long verifiers may cache the JWK Set: the wait between publishing a new key and signing with it.</summary>
    public static readonly TimeSpan JwksMaxAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Adds the issuer (<see cref="LivenessAssertionIssuer"/>) and what it needs. Features that issue assertions (the
    /// assertion endpoint, liveness-gated routes) may call it too: adding it twice adds nothing.
    /// </summary>
    public static WebApplicationBuilder AddLivenessAssertions(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(LivenessAssertionIssuer)))
        {
            return builder;
        }

        builder.Services.AddOptions<AssertionOptions>().BindConfiguration(AssertionOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AssertionOptions>, AssertionOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AssertionSigningKeys>();
        builder.Services.AddSingleton<LivenessAssertionIssuer>();

        // The endpoint: the owner's session, its verdict, and Face when the gateway has not seen the result final.
        builder.Services.AddVerdicts();
        builder.Services.AddFailedCheckThrottle();
        builder.Services.AddUpstreamBudget();
        builder.Services.AddSessionDeletions(); // a result first seen final here schedules the deletion at Face
        builder.Services.TryAddSingleton<SessionOutcomes>();
        builder.Services.AddSingleton<SessionAssertions>();
        return builder;
    }

    public static WebApplication MapLivenessAssertions(this WebApplication app)
    {
        // Created now: Development's generated key is logged at startup, and the issuer holds the settings validated then.
        _ = app.Services.GetRequiredService<LivenessAssertionIssuer>();
        _ = app.Services.GetRequiredService<SessionAssertions>(); // the store and the Face client (AddSessionOwnership, AddFace) must be there
        SessionAssertions.MapSessionAssertions(app);
        app.MapGet(JwksPath, (AssertionSigningKeys keys) => Results.Bytes(keys.Current.JwkSet, "application/json"))
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithMetadata(new DisableCorsAttribute()) // read by backends, not browsers
            .CacheablePublicly(JwksMaxAge)
            .WithName("GetAssertionKeys")
            .WithTags(ContractTags.Assertions)
            .WithSummary("The public keys that verify liveness assertions (a JWK Set, RFC 7517): for apps' backends.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }
}
