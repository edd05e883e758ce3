using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using Liveness.Policies.Time;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// A bounded, in-process memory of bearer tokens this replica has validated successfully, so a token
/// sent again skips the signature check. It never grants what validation would refuse:
/// <list type="bullet">
/// <item>only successes are kept; a failure is validated again every time;</item>
/// <item>the key is the SHA-256 of the exact token string (the token itself is kept nowhere), and an
/// entry answers only while the handler, OIDC configuration and keys it was validated with are the same
/// objects (<see cref="TokenValidationInputs"/>);</item>
/// <item>an entry lives until the token's <c>exp</c>, and at most <see cref="MaxAge"/> (5 minutes) after
/// it was validated: a signing key the issuer removes, or any change validation would notice, stops a
/// token from being accepted from memory within that time at the latest (sooner when the configuration
/// manager refreshes); it answers only from <c>nbf</c> (less the clock skew) on;</item>
/// <item>every answer is a fresh clone of the claims identity, so what one request adds to its principal
/// never reaches another.</item>
/// </list>
/// Time is the app's <see cref="TimeProvider"/>, the same clock token lifetime validation uses (<see cref="TokenLifetime"/>).
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time, int maxEntries = ValidatedTokenCache.MaxEntries) : IDisposable
{
    /// <summary>Most tokens remembered per replica (~1 KB each); beyond it, tokens are simply validated.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Longest an entry is used, however far away the token's <c>exp</c> is.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = maxEntries, Clock = new TimeProviderClock(time) });
    private long _hits;

    /// <summary>Tokens remembered now (expired ones may linger until the next look-up or compaction).</summary>
    public int Count => _entries.Count;

    /// <summary>Validations answered from memory since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>
    /// The remembered outcome for <paramref name="token"/>: a new result with a fresh identity and the
    /// token read again from <paramref name="token"/>; null when there is none, or it was validated with
    /// other <paramref name="inputs"/>, or it is outside its lifetime now.
    /// </summary>
    public TokenValidationResult? Find(string token, TokenValidationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!_entries.TryGetValue(KeyOf(token), out ValidatedToken? entry) || entry is null || !entry.Inputs.IsSameAs(inputs))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now < entry.UsableFrom || now >= entry.UsableUntil)
        {
            return null;
        }

        Interlocked.Increment(ref _hits);
        return new TokenValidationResult
        {
            IsValid = true,
            ClaimsIdentity = entry.Identity.Clone(),
            SecurityToken = new JsonWebToken(token) { SigningKey = entry.SigningKey },
            Issuer = entry.Issuer,
            TokenType = entry.TokenType,
        };
    }

    /// <summary>
    /// Remembers a successful validation of <paramref name="token"/> (a signed JWT with an <c>exp</c>
    /// still ahead); anything else is not kept. <paramref name="clockSkew"/> is the one validation allowed.
    /// </summary>
    public void Add(string token, TokenValidationInputs inputs, TokenValidationResult result, TimeSpan clockSkew)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken { IsSigned: true, IsEncrypted: false } validated
            || result.ClaimsIdentity is not { } identity || validated.ValidTo == DateTime.MinValue)
        {
            return;
        }

        var now = time.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        if (until <= now)
        {
            return; // expired, still inside the clock skew: validated each time, as without a cache
        }

        var usableFrom = validated.ValidFrom == DateTime.MinValue
            ? DateTimeOffset.MinValue
            : new DateTimeOffset(TokenLifetime.Add(DateTime.SpecifyKind(validated.ValidFrom, DateTimeKind.Utc), clockSkew.Negate()));

        // A private copy: the caller's identity goes on to become a request's principal.
        var entry = new ValidatedToken(inputs, identity.Clone(), validated.SigningKey, result.Issuer, result.TokenType, usableFrom, until);
        _entries.Set(KeyOf(token), entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>SHA-256 of the token's exact UTF-16 code units (no encoding step that could merge two strings).</summary>
    private static string KeyOf(string token) => Convert.ToBase64String(SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan())));

    private sealed record ValidatedToken(
        TokenValidationInputs Inputs,
        ClaimsIdentity Identity,
        SecurityKey? SigningKey,
        string? Issuer,
        string? TokenType,
        DateTimeOffset UsableFrom,
        DateTimeOffset UsableUntil);
}
