namespace Liveness.Gateway.Assertions;

/// <summary>
/// Signed liveness assertions (section <c>Liveness:Assertions</c>): compact JWS (ES256) that tell an app's own
/// backend, offline, that a user passed a liveness check, verified with the keys the gateway publishes at
/// <c>/.well-known/jwks.json</c>.
/// </summary>
internal sealed record AssertionOptions
{
    public const string SectionName = "Liveness:Assertions";

    /// <summary>The <c>iss</c> of assertions in Development when <see cref="Issuer"/> is not set.</summary>
    public const string DevelopmentIssuer = "urn:liveness-gateway:development";

    /// <summary>The longest <see cref="Lifetime"/>: an assertion proves a recent pass and is handed over at once.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The <c>iss</c> of every assertion, which backends check: the gateway's public base URL, e.g.
    /// <c>https://liveness.example.com</c>. Required outside Development.
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>How long an assertion is valid after it is issued (<c>exp</c> − <c>iat</c>); default one minute, at most ten.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// PEM EC P-256 private keys, from a mounted secret (file <c>Liveness__Assertions__SigningKeys__0</c>), never a
    /// committed file. The first signs; all are published. Reloaded without a restart. Required outside
    /// Development (which signs with a key generated at startup when none is set).
    /// </summary>
    public IReadOnlyList<string> SigningKeys { get; init; } = [];

    /// <summary>The audiences an app may ask an assertion for (the backends that accept them). None by default.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The <c>iss</c> assertions carry: <see cref="Issuer"/>, or in Development without one <see cref="DevelopmentIssuer"/>.</summary>
    public string IssuerOrDevelopmentDefault => string.IsNullOrEmpty(Issuer) ? DevelopmentIssuer : Issuer;

    /// <summary>True when <paramref name="audience"/> is one of <see cref="Audiences"/> (exact, case-sensitive, as JWT audiences compare).</summary>
    public bool AllowsAudience(string? audience) =>
        !string.IsNullOrEmpty(audience) && Audiences.Contains(audience, StringComparer.Ordinal);
}
