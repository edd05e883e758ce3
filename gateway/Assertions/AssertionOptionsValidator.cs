using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Assertions;

/// <summary>Startup validation of <see cref="AssertionOptions"/>; each failure says how to fix the setting and never shows a key.</summary>
internal sealed class AssertionOptionsValidator(IHostEnvironment environment) : IValidateOptions<AssertionOptions>
{
    private const string Section = AssertionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AssertionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var required = !environment.IsDevelopment();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            if (required)
            {
                failures.Add($"{Section}:Issuer is missing: set it to the gateway's public base URL (e.g. https://liveness.example.com), the 'iss' the apps' backends check.");
            }
        }
        else if (options.Issuer.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:Issuer contains white space: set it to the gateway's public base URL (e.g. https://liveness.example.com).");
        }

        if (options.Lifetime < TimeSpan.FromSeconds(1) || options.Lifetime > AssertionOptions.MaxLifetime)
        {
            failures.Add($"{Section}:Lifetime must be between 00:00:01 and {AssertionOptions.MaxLifetime:c} (default 00:01:00): an assertion proves a recent pass and is handed to the backend at once.");
        }

        failures.AddRange(SigningKeyProblems(options.SigningKeys, required));

        for (var index = 0; index < options.Audiences.Count; index++)
        {
            var audience = options.Audiences[index];
            if (string.IsNullOrWhiteSpace(audience) || audience.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                failures.Add($"{Section}:Audiences:{index} is empty or contains white space: name the backend that accepts the assertions (e.g. https://payments.example.com or payments-api).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Why <paramref name="pems"/> cannot be the signing keys (empty when they can); also used for keys reloaded at run
    /// time. <paramref name="required"/>: outside Development at least one key must be set.
    /// </summary>
    public static IReadOnlyList<string> SigningKeyProblems(IReadOnlyList<string> pems, bool required)
    {
        ArgumentNullException.ThrowIfNull(pems);
        var problems = new List<string>();
        if (pems.Count == 0 && required)
        {
            problems.Add($"{Section}:SigningKeys:0 is missing: mount a PEM EC P-256 private key as a secret file (KeyPerFile:Paths, file Liveness__Assertions__SigningKeys__0), "
                + "e.g. from 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'.");
        }

        var kids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < pems.Count; index++)
        {
            if (AssertionSigningKey.ParseProblem(pems[index], out var key) is { } problem)
            {
                problems.Add($"{Section}:SigningKeys:{index} is not usable: {problem}");
                continue;
            }

            if (!kids.TryAdd(key!.KeyId, index))
            {
                problems.Add($"{Section}:SigningKeys:{index} is the same key as SigningKeys:{kids[key.KeyId]}: remove one of them.");
            }
        }

        return problems;
    }
}
