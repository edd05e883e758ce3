using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// The identity provider's discovery document and signing keys, as JwtBearer's configuration manager
/// (<c>JwtBearerOptions.ConfigurationManager</c>, set by <see cref="OidcConfigurationSetup"/>). Unlike
/// IdentityModel's own manager it:
/// <list type="bullet">
/// <item>bounds every fetch (discovery and JWKS together) and every request's wait by <c>timeout</c>
/// (<c>BackchannelTimeout</c>): a hung provider never holds a request longer;</item>
/// <item>keeps one fetch in flight at a time, shared by every waiting request, and backs off after a
/// failure (1 s doubling to 60 s): a failing provider gets a handful of calls, not one per request;</item>
/// <item>replaces the keys as soon as a refresh succeeds (every <c>automaticRefreshInterval</c>, and on
/// a token with an unknown key at most once per <c>refreshInterval</c>): a key the provider removed
/// stops validating at the next refresh. The last keys are kept only while the provider cannot be
/// reached; without any, requests fail with <see cref="IdentityProviderUnavailableException"/>.</item>
/// </list>
/// It derives from no <c>BaseConfigurationManager</c>, so JwtBearer reads it once per request (with the
/// request's cancellation) and hands the keys to the token handler, which then neither asks again nor
/// falls back to IdentityModel's hour-long last-known-good configuration. Time is the app's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class OidcConfigurationManager(
    Uri metadataAddress,
    HttpClient http,
    bool requireHttps,
    TimeSpan timeout,
    TimeSpan automaticRefreshInterval,
    TimeSpan refreshInterval,
    TimeProvider time,
    ILogger<OidcConfigurationManager> logger) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _refreshDue;
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private int _failures;
    private Task<OpenIdConnectConfiguration?>? _inFlight;

    /// <summary>The configuration with the keys in use now; null while none was ever loaded.</summary>
    public OpenIdConnectConfiguration? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// The current configuration; refreshed first when due (waiting at most <c>timeout</c>). While the
    /// provider cannot be reached, the last configuration loaded; without one, throws
    /// <see cref="IdentityProviderUnavailableException"/> (at once while backing off).
    /// </summary>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        Task<OpenIdConnectConfiguration?>? fetch;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_current is not null && now < _refreshDue)
            {
                return _current;
            }

            fetch = StartFetch(now);
            if (fetch is null)
            {
                return _current ?? throw Unavailable(now);
            }
        }

        var fresh = await WaitAsync(fetch, cancel);
        lock (_gate)
        {
            return fresh ?? _current ?? throw Unavailable(time.GetUtcNow());
        }
    }

    /// <summary>
    /// After a token named a key that <paramref name="seen"/> does not have: a newer configuration if
    /// one is (or becomes) available, refreshing at most once per <c>refreshInterval</c> however many
    /// such tokens arrive; null when the provider answered and has no newer keys. When the provider
    /// cannot be reached (this refresh failed, or the last one did and the gateway is waiting), whether the
    /// key is the provider's cannot be told: throws <see cref="IdentityProviderUnavailableException"/>
    /// (a 503, never a 401 that would tell the client its token is bad).
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> RefreshForUnknownKeyAsync(OpenIdConnectConfiguration? seen, CancellationToken cancel)
    {
        Task<OpenIdConnectConfiguration?>? fetch;
        lock (_gate)
        {
            if (_current is not null && !ReferenceEquals(_current, seen))
            {
                return _current;
            }

            var now = time.GetUtcNow();
            fetch = _inFlight is { IsCompleted: false } || now - _lastFetch >= refreshInterval ? StartFetch(now) : null;
            if (fetch is null)
            {
                return _failures == 0 ? null : throw UnknownKeyUnavailable(now);
            }
        }

        var fresh = await WaitAsync(fetch, cancel);
        lock (_gate)
        {
            if (fresh is null && ReferenceEquals(_current, seen))
            {
                throw UnknownKeyUnavailable(time.GetUtcNow());
            }

            fresh ??= _current;
        }

        return fresh is not null && !ReferenceEquals(fresh, seen) ? fresh : null;
    }

    /// <summary>Asks for a refresh (JwtBearer does after a token with an unknown key): started in the background, at most once per <c>refreshInterval</c>.</summary>
    public void RequestRefresh()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _lastFetch >= refreshInterval)
            {
                _ = StartFetch(now);
            }
        }
    }

    /// <summary>The fetch in flight, or a new one unless backing off (null then). Called under the lock.</summary>
    private Task<OpenIdConnectConfiguration?>? StartFetch(DateTimeOffset now)
    {
        if (_inFlight is { IsCompleted: false })
        {
            return _inFlight;
        }

        if (now < _retryAt)
        {
            return null;
        }

        _lastFetch = now;
        _inFlight = Task.Run(FetchAsync);
        return _inFlight;
    }

    private async Task<OpenIdConnectConfiguration?> WaitAsync(Task<OpenIdConnectConfiguration?> fetch, CancellationToken cancel)
    {
        try
        {
            return await fetch.WaitAsync(timeout, time, cancel);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task<OpenIdConnectConfiguration?> FetchAsync()
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        try
        {
            var configuration = OpenIdConnectConfiguration.Create(await GetDocumentAsync(metadataAddress, deadline.Token));
            if (!Uri.TryCreate(configuration.JwksUri, UriKind.Absolute, out var jwksUri))
            {
                throw new InvalidOperationException("The discovery document has no absolute jwks_uri.");
            }

            configuration.JsonWebKeySet = JsonWebKeySet.Create(await GetDocumentAsync(jwksUri, deadline.Token));
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            if (configuration.SigningKeys.Count == 0)
            {
                throw new InvalidOperationException("The JWKS has no signing key.");
            }

            lock (_gate)
            {
                _current = configuration;
                _refreshDue = time.GetUtcNow() + automaticRefreshInterval;
                _failures = 0;
                _retryAt = DateTimeOffset.MinValue;
            }

            Log.SigningKeysLoaded(logger, configuration.SigningKeys.Count, metadataAddress);
            return configuration;
        }
#pragma warning disable CA1031 // A failed fetch is answered by backing off and keeping the last keys; nothing may escape the shared task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            TimeSpan backoff;
            bool hasKeys;
            lock (_gate)
            {
                _failures++;
                var factor = Math.Pow(2, Math.Min(_failures - 1, 10));
                backoff = TimeSpan.FromTicks((long)Math.Min(FirstBackoff.Ticks * factor, MaxBackoff.Ticks));
                _retryAt = time.GetUtcNow() + backoff;
                hasKeys = _current is not null;
            }

            var reason = e is OperationCanceledException ? $"no answer within {timeout}" : e.Message.ReplaceLineEndings(" ");
            Log.SigningKeysUnavailable(logger, metadataAddress, reason, backoff, hasKeys);
            return null;
        }
    }

    private async Task<string> GetDocumentAsync(Uri address, CancellationToken cancel)
    {
        if (requireHttps && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{address} is not HTTPS (RequireHttpsMetadata).");
        }

        using var response = await http.GetAsync(address, cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{address} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync(cancel);
    }

    private IdentityProviderUnavailableException Unavailable(DateTimeOffset now) =>
        new("The identity provider's signing keys could not be loaded yet.", AtLeastOneSecond(_retryAt - now));

    /// <summary>Retry-After: when a token with an unknown key may refresh the keys again (past the backoff and the refresh interval).</summary>
    private IdentityProviderUnavailableException UnknownKeyUnavailable(DateTimeOffset now) =>
        new("The token names a signing key the gateway does not have, and the identity provider cannot be reached to look for it.",
            AtLeastOneSecond((_retryAt > _lastFetch + refreshInterval ? _retryAt : _lastFetch + refreshInterval) - now));

    private static TimeSpan AtLeastOneSecond(TimeSpan wait) => wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
}
