using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// With OIDC discovery (<c>Authority</c> or <c>MetadataAddress</c>), replaces JwtBearer's configuration
/// manager with <see cref="OidcConfigurationManager"/>, and gives the refresh settings under
/// <c>Authentication:Schemes:Bearer</c> the gateway's defaults where they are not set:
/// <c>BackchannelTimeout</c> 5 s (longest a discovery + JWKS fetch, and a request waiting for one, takes),
/// <c>AutomaticRefreshInterval</c> 5 min (a key removed at the provider stops validating within it),
/// <c>RefreshInterval</c> 30 s (fewest seconds between refreshes for a token with an unknown key: a new key
/// is accepted within it). Runs after JwtBearer's own post-configuration (which sets <c>MetadataAddress</c>).
/// </summary>
internal sealed class OidcConfigurationSetup(IConfiguration configuration, TimeProvider time, ILoggerFactory loggers) : IPostConfigureOptions<JwtBearerOptions>
{
    public const string Section = "Authentication:Schemes:Bearer";
    public static readonly TimeSpan DefaultBackchannelTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultAutomaticRefreshInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var section = configuration.GetSection(Section);
        options.BackchannelTimeout = section[nameof(options.BackchannelTimeout)] is null ? DefaultBackchannelTimeout : options.BackchannelTimeout;
        // JwtBearer binds BackchannelTimeout and RefreshInterval from the section, not this one.
        options.AutomaticRefreshInterval = section[nameof(options.AutomaticRefreshInterval)] is not { } automatic ? DefaultAutomaticRefreshInterval
            : TimeSpan.TryParse(automatic, CultureInfo.InvariantCulture, out var interval) ? interval : TimeSpan.Zero; // zero: refused by the validator
        options.RefreshInterval = section[nameof(options.RefreshInterval)] is null ? DefaultRefreshInterval : options.RefreshInterval;
        if (options.Configuration is not null || options.Backchannel is null
            || !Uri.TryCreate(options.MetadataAddress, UriKind.Absolute, out var metadataAddress)
            || options.BackchannelTimeout <= TimeSpan.Zero || options.RefreshInterval <= TimeSpan.Zero || options.AutomaticRefreshInterval <= TimeSpan.Zero)
        {
            return; // static keys, or settings OidcConfigurationOptionsValidator refuses
        }

        options.ConfigurationManager = new OidcConfigurationManager(
            metadataAddress,
            options.Backchannel,
            options.RequireHttpsMetadata,
            options.BackchannelTimeout,
            options.AutomaticRefreshInterval,
            options.RefreshInterval,
            time,
            loggers.CreateLogger<OidcConfigurationManager>());
    }
}
