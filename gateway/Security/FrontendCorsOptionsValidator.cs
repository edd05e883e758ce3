using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Security;

/// <summary>Each allowed origin must be a bare http(s) origin: no wildcard, path, query or trailing slash.</summary>
internal sealed class FrontendCorsOptionsValidator : IValidateOptions<FrontendCorsOptions>
{
    public ValidateOptionsResult Validate(string? name, FrontendCorsOptions options)
    {
        var failures = options.AllowedOrigins
            .Where(origin => !IsOrigin(origin))
            .Select(origin => $"Cors:AllowedOrigins contains '{origin}': list exact origins like https://app.example.com (scheme and host, optional port, nothing else).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrEmpty(uri.UserInfo);
}
