using System.Globalization;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// Token lifetime (<c>nbf</c>/<c>exp</c>) judged by the app's <see cref="TimeProvider"/>, with the same
/// rules as the library's default: <see cref="TokenValidationParameters.ClockSkew"/> on both ends, an
/// <c>exp</c> required unless <see cref="TokenValidationParameters.RequireExpirationTime"/> is off, and
/// nothing checked when <see cref="TokenValidationParameters.ValidateLifetime"/> is off.
/// </summary>
/// <remarks>
/// Needed because <c>JwtBearerOptions.TimeProvider</c> does not reach token validation, and
/// <c>TokenValidationParameters.TimeProvider</c> is internal in Microsoft.IdentityModel 8.x: the
/// default validator reads the system clock. With <see cref="TimeProvider.System"/> the answers are the
/// library's; the exception types are too, so a refusal is still a 401.
/// </remarks>
internal static class TokenLifetime
{
    /// <summary>A <see cref="LifetimeValidator"/> that reads the time from <paramref name="time"/>.</summary>
    public static LifetimeValidator ValidatorFor(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (notBefore, expires, _, parameters) => Validate(notBefore, expires, parameters, time.GetUtcNow().UtcDateTime);
    }

    private static bool Validate(DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters, DateTime utcNow)
    {
        if (!parameters.ValidateLifetime)
        {
            return true;
        }

        if (expires is null && parameters.RequireExpirationTime)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time ('exp').");
        }

        if (notBefore is { } from && expires is { } to && from > to)
        {
            throw new SecurityTokenInvalidLifetimeException(Invariant($"The token's 'nbf' ({from:O}) is after its 'exp' ({to:O}).")) { NotBefore = from, Expires = to };
        }

        if (notBefore is { } validFrom && validFrom > Add(utcNow, parameters.ClockSkew))
        {
            throw new SecurityTokenNotYetValidException(Invariant($"The token is not valid before {validFrom:O} (now {utcNow:O}).")) { NotBefore = validFrom };
        }

        if (expires is { } validTo && validTo < Add(utcNow, parameters.ClockSkew.Negate()))
        {
            throw new SecurityTokenExpiredException(Invariant($"The token expired at {validTo:O} (now {utcNow:O}).")) { Expires = validTo };
        }

        return true;
    }

    /// <summary><paramref name="time"/> + <paramref name="offset"/>, clamped to the range of <see cref="DateTime"/> (as the library does).</summary>
    internal static DateTime Add(DateTime time, TimeSpan offset)
    {
        if (offset >= TimeSpan.Zero)
        {
            return DateTime.MaxValue - time <= offset ? DateTime.SpecifyKind(DateTime.MaxValue, time.Kind) : time + offset;
        }

        return time - DateTime.MinValue <= offset.Negate() ? DateTime.SpecifyKind(DateTime.MinValue, time.Kind) : time + offset;
    }

    private static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
