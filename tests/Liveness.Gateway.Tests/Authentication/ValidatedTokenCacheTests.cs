using System.Security.Claims;
using System.Security.Cryptography;
using Liveness.Gateway.Authentication;
using Liveness.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>The cache itself, fed with real validations of real signed tokens; time is moved, not waited for.</summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestJwt _issuer = new();
    private readonly ValidatedTokenCache _cache;
    private readonly TokenValidationInputs _inputs = new(new object(), null, null, null);

    public ValidatedTokenCacheTests() => _cache = new ValidatedTokenCache(_time);

    [Fact]
    public async Task Find_AfterAdd_GivesTheSameClaimsInAFreshIdentityEachTime()
    {
        var token = Mint("alice");
        _cache.Add(token, _inputs, await ValidateAsync(token), TimeSpan.FromMinutes(5));

        var first = _cache.Find(token, _inputs);
        var second = _cache.Find(token, _inputs);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.IsValid);
        Assert.Equal("alice", first.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.IsType<CaseSensitiveClaimsIdentity>(first.ClaimsIdentity);
        var jwt = Assert.IsType<JsonWebToken>(first.SecurityToken);
        Assert.Equal(token, jwt.EncodedToken);

        first.ClaimsIdentity.AddClaim(new Claim("role", "admin")); // what one request adds...
        first.ClaimsIdentity.FindFirst("sub")!.Properties["x"] = "y";
        var third = _cache.Find(token, _inputs)!;
        Assert.Null(third.ClaimsIdentity.FindFirst("role")); // ...another never sees
        Assert.Empty(third.ClaimsIdentity.FindFirst("sub")!.Properties);
        Assert.Equal(Claims(await ValidateAsync(token)), Claims(third));
    }

    [Fact]
    public async Task Find_OtherTokensOrOtherInputs_GetsNothing()
    {
        var alice = Mint("alice");
        var bob = Mint("bob");
        _cache.Add(alice, _inputs, await ValidateAsync(alice), TimeSpan.FromMinutes(5));
        _cache.Add(bob, _inputs, await ValidateAsync(bob), TimeSpan.FromMinutes(5));

        Assert.Equal("alice", _cache.Find(alice, _inputs)?.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal("bob", _cache.Find(bob, _inputs)?.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Null(_cache.Find(alice + "x", _inputs));
        Assert.Null(_cache.Find(alice, new TokenValidationInputs(_inputs.Handler, new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration(), null, null)));
        Assert.Null(_cache.Find(alice, new TokenValidationInputs(new object(), null, null, null)));
        Assert.Null(_cache.Find(alice, new TokenValidationInputs(_inputs.Handler, null, [_issuer.SigningKey], null)));
        Assert.Null(_cache.Find(alice, new TokenValidationInputs(_inputs.Handler, null, null, ["https://other.example"])));
        Assert.NotNull(_cache.Find(alice, new TokenValidationInputs(_inputs.Handler, null, null, null))); // same parts, another snapshot
    }

    [Fact]
    public async Task Add_FailedValidation_IsNotKept()
    {
        var forged = _issuer.CreateForged("mallory");
        var result = await ValidateAsync(forged);
        Assert.False(result.IsValid);

        _cache.Add(forged, _inputs, result, TimeSpan.FromMinutes(5));

        Assert.Null(_cache.Find(forged, _inputs));
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task Find_AtTheTokensExpiry_GetsNothing()
    {
        var token = Mint("alice", lifetime: TimeSpan.FromMinutes(2));
        _cache.Add(token, _inputs, await ValidateAsync(token), TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.NotNull(_cache.Find(token, _inputs));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_cache.Find(token, _inputs));
    }

    [Fact]
    public async Task Find_AfterMaxAge_GetsNothingThoughTheTokenLivesOn()
    {
        var token = Mint("alice", lifetime: TimeSpan.FromHours(1));
        _cache.Add(token, _inputs, await ValidateAsync(token), TimeSpan.FromMinutes(5));

        _time.Advance(ValidatedTokenCache.MaxAge - TimeSpan.FromSeconds(1));
        Assert.NotNull(_cache.Find(token, _inputs));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_cache.Find(token, _inputs));
    }

    [Fact]
    public async Task Find_BeforeNotBeforeLessSkew_GetsNothing()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skew = TimeSpan.FromMinutes(1);
        var token = Mint("alice", notBefore: now.AddMinutes(3)); // validation lets it in only from nbf - skew
        var result = await ValidateAsync(token, skew, validateLifetime: false);
        _cache.Add(token, _inputs, result, skew);

        Assert.Null(_cache.Find(token, _inputs));

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(_cache.Find(token, _inputs));
    }

    [Fact]
    public async Task Add_TokenAlreadyPastExpiryInsideTheSkew_IsNotKept()
    {
        var token = Mint("alice", lifetime: TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(2)); // expired a minute ago; validation still accepts it (5 min skew)
        var result = await ValidateAsync(token);
        Assert.True(result.IsValid);

        _cache.Add(token, _inputs, result, TimeSpan.FromMinutes(5));

        Assert.Null(_cache.Find(token, _inputs));
    }

    [Fact]
    public async Task Add_MoreDistinctTokensThanTheLimit_StaysBoundedAndNeverConflates()
    {
        using var cache = new ValidatedTokenCache(_time);
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        var parameters = Parameters(key);
        var tokens = new List<(string Subject, string Token)>();
        for (var i = 0; i < ValidatedTokenCache.MaxEntries + 500; i++)
        {
            var subject = $"user-{i}";
            var token = handler.CreateToken(Descriptor(subject, new SigningCredentials(key, SecurityAlgorithms.HmacSha256)));
            cache.Add(token, _inputs, await handler.ValidateTokenAsync(token, parameters), TimeSpan.FromMinutes(5));
            tokens.Add((subject, token));
        }

        Assert.InRange(cache.Count, 1, ValidatedTokenCache.MaxEntries);
        var answered = 0;
        foreach (var (subject, token) in tokens)
        {
            if (cache.Find(token, _inputs) is { } found)
            {
                Assert.Equal(subject, found.ClaimsIdentity.FindFirst("sub")?.Value);
                answered++;
            }
        }

        Assert.InRange(answered, 1, ValidatedTokenCache.MaxEntries);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _issuer.Dispose();
    }

    private string Mint(string subject, TimeSpan? lifetime = null, DateTime? notBefore = null)
    {
        var descriptor = Descriptor(subject, new SigningCredentials(_issuer.SigningKey, SecurityAlgorithms.RsaSha256), lifetime);
        if (notBefore is { } nbf)
        {
            descriptor.NotBefore = nbf;
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private SecurityTokenDescriptor Descriptor(string subject, SigningCredentials credentials, TimeSpan? lifetime = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new SecurityTokenDescriptor
        {
            Issuer = _issuer.Issuer,
            Audience = _issuer.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(lifetime ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = credentials,
        };
    }

    private Task<TokenValidationResult> ValidateAsync(string token, TimeSpan? skew = null, bool validateLifetime = true)
    {
        var parameters = Parameters(_issuer.SigningKey);
        parameters.ClockSkew = skew ?? parameters.ClockSkew;
        parameters.ValidateLifetime = validateLifetime;
        return new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
    }

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = _issuer.Issuer,
        ValidAudience = _issuer.Audience,
        IssuerSigningKey = key,
        LifetimeValidator = TokenLifetime.ValidatorFor(_time),
    };

    private static List<string> Claims(TokenValidationResult result) =>
        [.. result.ClaimsIdentity.Claims.Select(c => $"{c.Type}={c.Value} ({c.ValueType}, {c.Issuer})")];
}
