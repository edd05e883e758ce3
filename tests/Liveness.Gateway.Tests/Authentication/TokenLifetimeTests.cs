using Liveness.Gateway.Authentication;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>Lifetime judged by the app's clock gives the library's answers (same skew, same exception types).</summary>
public sealed class TokenLifetimeTests
{
    private static readonly TimeSpan Skew = new TokenValidationParameters().ClockSkew;

    /// <summary>nbf and exp as offsets from now, in minutes (null: claim absent), kept well away from the boundaries.</summary>
    public static TheoryData<int?, int?> Lifetimes => new()
    {
        { -10, 30 },   // valid
        { 3, 30 },     // not yet valid, but within the skew
        { 10, 30 },    // not yet valid
        { -30, -3 },   // expired, but within the skew
        { -30, -10 },  // expired
        { 20, 10 },    // nbf after exp
        { null, 30 },  // no nbf
        { -10, null }, // no exp
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public void Validate_InjectedClockAtNow_AnswersAsTheLibraryDefault(int? notBeforeMinutes, int? expiresMinutes)
    {
        var now = DateTime.UtcNow;
        var notBefore = notBeforeMinutes is { } nbf ? now.AddMinutes(nbf) : (DateTime?)null;
        var expires = expiresMinutes is { } exp ? now.AddMinutes(exp) : (DateTime?)null;
        var time = new FakeTimeProvider(new DateTimeOffset(now));

        var library = Outcome(() => Validators.ValidateLifetime(notBefore, expires, null, new TokenValidationParameters()));
        var injected = Outcome(() => Validators.ValidateLifetime(notBefore, expires, null, new TokenValidationParameters { LifetimeValidator = TokenLifetime.ValidatorFor(time) }));

        Assert.Equal(library, injected);
    }

    [Fact]
    public void Validate_ClockMovedPastExpiryAndSkew_RefusesAsExpired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var expires = time.GetUtcNow().UtcDateTime.AddMinutes(10);
        var parameters = new TokenValidationParameters { LifetimeValidator = TokenLifetime.ValidatorFor(time) };

        time.Advance(TimeSpan.FromMinutes(10) + Skew); // exactly at exp + skew: still accepted
        Validators.ValidateLifetime(null, expires, null, parameters);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Throws<SecurityTokenExpiredException>(() => Validators.ValidateLifetime(null, expires, null, parameters));
    }

    [Fact]
    public void Validate_LifetimeValidationOff_AcceptsAnything()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var parameters = new TokenValidationParameters { LifetimeValidator = TokenLifetime.ValidatorFor(time), ValidateLifetime = false };

        Validators.ValidateLifetime(null, time.GetUtcNow().UtcDateTime.AddDays(-1), null, parameters);
        Validators.ValidateLifetime(null, null, null, parameters);
    }

    private static string Outcome(Action validate)
    {
        try
        {
            validate();
            return "valid";
        }
        catch (SecurityTokenException exception)
        {
            return exception.GetType().Name;
        }
    }
}
