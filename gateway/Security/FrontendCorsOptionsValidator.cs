using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Security;

/// <summary>
/// Each allowed origin must be a bare http(s) origin: no wildcard, path, query or trailing slash; each allowed
/// request header a header name, no wildcard.
/// </summary>
internal sealed class FrontendCorsOptionsValidator : IValidateOptions<FrontendCorsOptions>
{
    public ValidateOptionsResult Validate(string? name, FrontendCorsOptions options)
    {
        var failures = options.AllowedOrigins
            .Where(origin => !IsOrigin(origin))
            .Select(origin => $"Cors:AllowedOrigins contains '{origin}': list exact origins like https://app.example.com (scheme and host, optional port, nothing else).")
            .ToList();
        failures.AddRange((options.AllowedHeaders ?? [])
            .Where(header => !IsHeaderName(header))
            .Select(header => $"Cors:AllowedHeaders contains '{header}': list request header names such as traceparent or X-Request-Id (letters, digits and -_.!#$%&'*+^`|~; no wildcard)."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An RFC 9110 field name (a token); <c>*</c> alone is refused: every header would be allowed.</summary>
    private static bool IsHeaderName(string header) =>
        header is not (null or "" or "*") && header.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrEmpty(uri.UserInfo);
}
