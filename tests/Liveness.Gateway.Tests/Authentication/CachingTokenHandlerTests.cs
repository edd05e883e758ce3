using Liveness.Gateway.Authentication;
using Liveness.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>
/// The caching handler around the real <see cref="JsonWebTokenHandler"/>, with signing keys from an OIDC
/// configuration as JwtBearer hands them over: only successes are remembered, and a remembered success
/// never outlives the configuration it was validated with.
/// </summary>
public sealed class CachingTokenHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestJwt _issuer = new();
    private readonly SwappableConfigurationManager _configuration = new();
    private readonly CountingJsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ValidatedTokenCache _cache;
    private readonly CachingTokenHandler _handler;

    public CachingTokenHandlerTests()
    {
        _cache = new ValidatedTokenCache(_time);
        _handler = new CachingTokenHandler(_inner, _cache);
        _configuration.Current = ConfigurationWith(_issuer.SigningKey);
    }

    [Fact]
    public async Task Validate_SameTokenAgain_AnsweredFromMemoryWithTheSameClaims()
    {
        var token = _issuer.Create("alice", now: _time.GetUtcNow().UtcDateTime);

        var first = await _handler.ValidateTokenAsync(token, Parameters());
        var second = await _handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Validations);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
        Assert.Same(first.SecurityToken.SigningKey, second.SecurityToken.SigningKey);
    }

    [Fact]
    public async Task Validate_InvalidToken_IsValidatedEveryTime()
    {
        var forged = _issuer.CreateForged("mallory");

        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters())).IsValid);

        Assert.True(_inner.Validations >= 2, $"validated {_inner.Validations} times");
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task Validate_TamperedCopyOfARememberedToken_IsRefused()
    {
        var token = _issuer.Create("alice", now: _time.GetUtcNow().UtcDateTime);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);
        var parts = token.Split('.');
        var otherPayload = _issuer.Create("bob", now: _time.GetUtcNow().UtcDateTime).Split('.')[1];

        var swappedPayload = await _handler.ValidateTokenAsync($"{parts[0]}.{otherPayload}.{parts[2]}", Parameters());
        var flippedSignature = await _handler.ValidateTokenAsync($"{parts[0]}.{parts[1]}.{Flip(parts[2])}", Parameters());

        Assert.False(swappedPayload.IsValid);
        Assert.False(flippedSignature.IsValid);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task Validate_SigningKeyRemovedFromTheConfiguration_RememberedTokenIsRefused()
    {
        var token = _issuer.Create("alice", now: _time.GetUtcNow().UtcDateTime);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);

        // Without this, the library itself still accepts the token for up to an hour: after a success it
        // keeps the configuration as "last known good" and retries with it when the new one fails.
        _configuration.UseLastKnownGoodConfiguration = false;
        using var next = new TestJwt(_issuer.Issuer, _issuer.Audience);
        _configuration.Current = ConfigurationWith(next.SigningKey); // the issuer rotated its key away

        var result = await _handler.ValidateTokenAsync(token, Parameters());

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(result.Exception);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Validate_TokenExpiredWhileRemembered_IsRefusedAsExpired()
    {
        var token = _issuer.Create("alice", lifetime: TimeSpan.FromMinutes(2), now: _time.GetUtcNow().UtcDateTime);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(TimeSpan.FromMinutes(2) + Parameters().ClockSkew + TimeSpan.FromSeconds(1));
        var result = await _handler.ValidateTokenAsync(token, Parameters());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task Validate_AnotherHandlerInstance_DoesNotUseWhatThisOneRemembered()
    {
        var token = _issuer.Create("alice", now: _time.GetUtcNow().UtcDateTime);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);
        var otherInner = new CountingJsonWebTokenHandler { MapInboundClaims = false };
        var other = new CachingTokenHandler(otherInner, _cache); // as after the options were built again

        Assert.True((await other.ValidateTokenAsync(token, Parameters())).IsValid);

        Assert.Equal(1, otherInner.Validations);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _issuer.Dispose();
    }

    /// <summary>As JwtBearerHandler builds them with discovery: keys and issuer come from the configuration manager.</summary>
    private TokenValidationParameters Parameters() => new()
    {
        ValidAudience = _issuer.Audience,
        ConfigurationManager = _configuration,
        LifetimeValidator = TokenLifetime.ValidatorFor(_time),
    };

    private OpenIdConnectConfiguration ConfigurationWith(SecurityKey key)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = _issuer.Issuer };
        configuration.SigningKeys.Add(key);
        return configuration;
    }

    private static string Flip(string signature) =>
        (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private sealed class CountingJsonWebTokenHandler : JsonWebTokenHandler
    {
        private int _validations;

        public int Validations => _validations;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref _validations);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }

    /// <summary>A configuration manager whose current configuration the test replaces, as a refresh does.</summary>
    private sealed class SwappableConfigurationManager : BaseConfigurationManager
    {
        public OpenIdConnectConfiguration Current { get; set; } = new();

        public override Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => Task.FromResult<BaseConfiguration>(Current);

        public override void RequestRefresh()
        {
        }
    }
}
