using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary><c>Gateway:PublicBaseUrl</c>, when set, is an absolute http(s) URL without credentials, query or fragment.</summary>
internal sealed class PublicUrlOptionsValidator : IValidateOptions<PublicUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicUrlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicBaseUrl is not { } url)
        {
            return ValidateOptionsResult.Success;
        }

        return url.IsAbsoluteUri && url.Scheme is "https" or "http" && string.IsNullOrEmpty(url.UserInfo) && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Gateway:PublicBaseUrl is '{url.OriginalString}': set the absolute http(s) URL clients call the gateway at, such as https://api.example.com (an optional path, no query, fragment or credentials), or leave it unset for relative Location headers.");
    }
}
