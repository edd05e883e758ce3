using Microsoft.IdentityModel.Tokens;

namespace Liveness.Gateway.Authentication;

/// <summary>
/// A token handler that adds a rule in front of another (<see cref="Inner"/>, JwtBearer's
/// <c>JsonWebTokenHandler</c> at the bottom): everything but string-token validation is the inner handler's,
/// so its settings (the maximum token size) and its reading of tokens stay in one place.
/// </summary>
internal abstract class DelegatingTokenHandler(TokenHandler inner) : TokenHandler
{
    /// <summary>The wrapped handler.</summary>
    public TokenHandler Inner { get; } = inner;

    public override int MaximumTokenSizeInBytes
    {
        get => Inner.MaximumTokenSizeInBytes;
        set => Inner.MaximumTokenSizeInBytes = value;
    }

    /// <summary>The rule this handler adds, ending with the inner handler's validation when the token passes it.</summary>
    public abstract override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters);

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        Inner.ValidateTokenAsync(token, validationParameters);

    public override SecurityToken ReadToken(string token) => Inner.ReadToken(token);

    public override string ToString() => $"{GetType().Name}({Inner})";
}
