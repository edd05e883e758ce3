using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Liveness.Gateway.Face;

/// <summary>
/// <c>Ocp-Apim-Subscription-Key</c> from <c>Face:ApiKey</c>. The key is read again whenever the
/// configuration reloads (a rotated secret file under <c>KeyPerFile:Paths</c>), so the next request
/// uses the new key without a restart. A reloaded value that is not a valid key (empty, white space)
/// is refused: the last valid key stays in use and the refusal is logged, so a bad secret never turns
/// requests into errors of the gateway's own.
/// </summary>
internal sealed class ApiKeyFaceCredential : IFaceCredential, IDisposable
{
    public const string HeaderName = "Ocp-Apim-Subscription-Key";

    private static readonly string ApiKeyPath = $"{FaceOptions.SectionName}:{nameof(FaceOptions.ApiKey)}";

    private readonly IConfiguration _configuration;
    private readonly ILogger<ApiKeyFaceCredential> _logger;
    private readonly IDisposable _reloads;
    private volatile string _key;

    public ApiKeyFaceCredential(IOptions<FaceOptions> options, IConfiguration configuration, ILogger<ApiKeyFaceCredential> logger)
    {
        _configuration = configuration;
        _logger = logger;
        // The configuration's current value, unless it went bad since the options were validated at startup.
        var current = configuration[ApiKeyPath];
        _key = FaceOptionsValidator.ApiKeyProblem(current) is null ? current! : options.Value.ApiKey ?? string.Empty;
        _reloads = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, _key);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> CanAuthenticateAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(FaceOptionsValidator.ApiKeyProblem(_key) is null);

    public void Dispose() => _reloads.Dispose();

    /// <summary>A short, non-reversible name for a key, so operators can tell which key is in use.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    private void Reload()
    {
        var candidate = _configuration[ApiKeyPath];
        if (string.Equals(candidate, _key, StringComparison.Ordinal))
        {
            return;
        }

        if (FaceOptionsValidator.ApiKeyProblem(candidate) is { } problem)
        {
            var kept = Fingerprint(_key);
            Log.ApiKeyReloadRefused(_logger, problem, kept);
            return;
        }

        _key = candidate!;
        var fingerprint = Fingerprint(candidate!);
        Log.ApiKeyRotated(_logger, fingerprint);
    }
}
