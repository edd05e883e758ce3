namespace Liveness.Samples.AssertionVerifier;

/// <summary>Where the assertions come from and who they must be for (section <c>LivenessAssertions</c>).</summary>
public sealed record LivenessAssertionOptions
{
    public const string SectionName = "LivenessAssertions";

    /// <summary>The gateway's JWK Set, e.g. <c>https://liveness.example.com/.well-known/jwks.json</c>.</summary>
    public Uri? JwksUri { get; init; }

    /// <summary>The gateway's <c>Liveness:Assertions:Issuer</c>.</summary>
    public string? Issuer { get; init; }

    /// <summary>This backend's name: one of the gateway's <c>Liveness:Assertions:Audiences</c> (or a gated route's audience).</summary>
    public string? Audience { get; init; }

    /// <summary>Refuse a JWK Set fetched over plain HTTP; default true (turn off only for a local gateway).</summary>
    public bool RequireHttps { get; init; } = true;
}
