using Microsoft.Extensions.Primitives;

namespace Liveness.Gateway.Assertions;

/// <summary>
/// The signing keys of <c>Liveness:Assertions:SigningKeys</c>, read again whenever the configuration reloads (a
/// rotated secret file under <c>KeyPerFile:Paths</c>), so the next assertion and the JWK Set use them without a
/// restart. A reload that brings no usable keys is refused: the keys in force stay and the refusal is logged.
/// Development without a configured key signs with a key generated at startup.
/// </summary>
internal sealed class AssertionSigningKeys : IDisposable
{
    private static readonly string SigningKeysPath = $"{AssertionOptions.SectionName}:{nameof(AssertionOptions.SigningKeys)}";

    private readonly IConfiguration _configuration;
    private readonly ILogger<AssertionSigningKeys> _logger;
    private readonly bool _required;
    private readonly IDisposable _reloads;
    private AssertionSigningKey? _ephemeral;
    private volatile AssertionKeySet _current;

    public AssertionSigningKeys(IConfiguration configuration, IHostEnvironment environment, ILogger<AssertionSigningKeys> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _required = !environment.IsDevelopment();

        // Validated at startup (AssertionOptionsValidator); failing here means the value changed since.
        _current = Load(out var problems)
            ?? throw new InvalidOperationException(string.Join(" ", problems));
        if (_current.IsEphemeral)
        {
            Log.EphemeralSigningKey(_logger, _current.Signing.KeyId);
        }

        _reloads = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The keys in force now.</summary>
    public AssertionKeySet Current => _current;

    public void Dispose() => _reloads.Dispose();

    private void Reload()
    {
        var previous = _current;
        if (Load(out var problems) is not { } candidate)
        {
            Log.SigningKeysReloadRefused(_logger, string.Join(" ", problems), previous.KeyIds);
            return;
        }

        if (string.Equals(candidate.KeyIds, previous.KeyIds, StringComparison.Ordinal))
        {
            return; // another setting changed
        }

        _current = candidate;
        Log.SigningKeysChanged(_logger, candidate.Signing.KeyId, candidate.KeyIds);
    }

    private AssertionKeySet? Load(out IReadOnlyList<string> problems)
    {
        var pems = _configuration.GetSection(SigningKeysPath).Get<string[]>() ?? [];
        problems = AssertionOptionsValidator.SigningKeyProblems(pems, _required);
        if (problems.Count > 0)
        {
            return null;
        }

        if (pems.Length == 0)
        {
            _ephemeral ??= AssertionSigningKey.Generate();
            return new AssertionKeySet([_ephemeral], isEphemeral: true);
        }

        var keys = new List<AssertionSigningKey>(pems.Length);
        foreach (var pem in pems)
        {
            AssertionSigningKey.ParseProblem(pem, out var key);
            keys.Add(key!);
        }

        return new AssertionKeySet(keys, isEphemeral: false);
    }
}
