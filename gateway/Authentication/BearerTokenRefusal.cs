using Liveness.Gateway.Errors;
using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// Why a request's bearer token was refused, as the 401 a client can act on: its problem <c>code</c>
/// (<c>BearerTokenMissing</c>, <c>BearerTokenExpired</c>, <c>BearerTokenWrongAudience</c>, otherwise
/// <c>BearerTokenInvalid</c>) and the RFC 6750 <c>WWW-Authenticate</c> challenge (which web apps can read: it is exposed to CORS callers). An identity provider that
/// cannot be reached is not a refusal of the token: that is <see cref="IdentityProviderProblem"/>'s 503.
/// </summary>
internal static class BearerTokenRefusal
{
    /// <summary>The problem for <paramref name="failure"/> (JwtBearer's <c>AuthenticateFailure</c>; null when no token was sent).</summary>
    public static Problem ProblemFor(Exception? failure) => failure switch
    {
        null => Problems.BearerTokenMissing,
        SecurityTokenExpiredException => Problems.BearerTokenExpired,
        SecurityTokenInvalidAudienceException => Problems.BearerTokenWrongAudience,
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => ProblemFor(aggregate.InnerExceptions[0]),
        _ => Problems.BearerTokenInvalid,
    };

    /// <summary>
    /// The <c>WWW-Authenticate</c> value: a bare <c>Bearer</c> without a token, <c>Bearer error="invalid_token"</c>
    /// for any refused one (RFC 6750 §3.1). The problem's <c>code</c> says which refusal it was.
    /// </summary>
    public static string ChallengeFor(Problem problem) => problem == Problems.BearerTokenMissing ? "Bearer" : "Bearer error=\"invalid_token\"";
}
