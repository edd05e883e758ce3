using System.Net.Http.Headers;
using Azure.Core;
using Liveness.Gateway.Telemetry;

namespace Liveness.Gateway.Face;

/// <summary>
/// Keyless access to Face (<c>Face:Credential=EntraId</c>): a Microsoft Entra ID token for
/// <see cref="Scope"/> from the registered <see cref="TokenCredential"/> (<c>DefaultAzureCredential</c>:
/// workload identity on AKS), sent as <c>Authorization: Bearer</c>. The token is cached and refreshed
/// <see cref="RefreshMargin"/> before it expires (or at the time the identity service asks for), once
/// for all concurrent requests. When a refresh fails the still-valid token keeps being used; without
/// one, calls fail with <see cref="FaceCredentialUnavailableException"/> (503 to clients) and, for
/// <see cref="FailureBackoff"/>, without queueing on the identity endpoint again.
/// </summary>
internal sealed class EntraIdFaceCredential(TokenCredential credential, TimeProvider time, GatewayMetrics metrics, ILogger<EntraIdFaceCredential> logger) : IFaceCredential, IDisposable
{
    /// <summary>The Cognitive Services scope (Face contract §6).</summary>
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    public const string MetricTag = "EntraId";

    /// <summary>How long before expiry a token is replaced.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>After a failed attempt, how long before the next one.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    /// <summary>A token this close to expiry is not sent.</summary>
    private static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(30);

    private static readonly TokenRequestContext Request = new([Scope]);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _token;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Remove(ApiKeyFaceCredential.HeaderName);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async ValueTask<bool> CanAuthenticateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetTokenAsync(cancellationToken);
            return true;
        }
        catch (FaceCredentialUnavailableException)
        {
            return false;
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _token;
        if (cached is not null && time.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Value;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            cached = _token;
            if (cached is not null && now < cached.RefreshAt)
            {
                return cached.Value; // another request refreshed it meanwhile
            }

            if (now < _nextAttempt)
            {
                return Usable(cached, now) ?? throw new FaceCredentialUnavailableException("No Entra ID token for Face: the last attempt to obtain one failed moments ago.");
            }

            try
            {
                var token = await credential.GetTokenAsync(Request, cancellationToken);
                var fresh = CachedToken.From(token, now);
                _token = fresh;
                Log.TokenAcquired(logger, fresh.ExpiresOn, fresh.RefreshAt);
                return fresh.Value;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _nextAttempt = now + FailureBackoff;
                metrics.CredentialRefreshFailed(MetricTag);
                var usable = Usable(cached, now);
                Log.TokenRefreshFailed(logger, usable is not null, e);
                return usable ?? throw new FaceCredentialUnavailableException("No Entra ID token for Face could be obtained.", e);
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static string? Usable(CachedToken? token, DateTimeOffset now) =>
        token is not null && now < token.ExpiresOn - ExpirySkew ? token.Value : null;

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresOn, DateTimeOffset RefreshAt)
    {
        public static CachedToken From(AccessToken token, DateTimeOffset now)
        {
            var refreshAt = token.ExpiresOn - RefreshMargin;
            if (token.RefreshOn is { } suggested && suggested < refreshAt)
            {
                refreshAt = suggested;
            }

            if (refreshAt <= now)
            {
                refreshAt = now + ((token.ExpiresOn - now) / 2); // a short-lived token: halfway
            }

            return new CachedToken(token.Token, token.ExpiresOn, refreshAt);
        }
    }
}
