using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Face;

/// <summary>Startup validation of <see cref="FaceOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class FaceOptionsValidator : IValidateOptions<FaceOptions>
{
    public ValidateOptionsResult Validate(string? name, FaceOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add("Face:Endpoint is missing or not an absolute http(s) URL: set it to the Face resource's endpoint, e.g. https://<name>.cognitiveservices.azure.com.");
        }
        else if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            failures.Add("Face:Endpoint must be a bare base URL (no query, fragment or credentials).");
        }

        if (!FaceOptions.SupportedApiVersions.Contains(options.ApiVersion))
        {
            failures.Add($"Face:ApiVersion '{options.ApiVersion}' is not supported: use one of {string.Join(", ", FaceOptions.SupportedApiVersions)}.");
        }

        if (!Enum.IsDefined(options.Credential))
        {
            failures.Add("Face:Credential must be 'ApiKey' or 'EntraId'.");
        }

        if (options.Credential == FaceCredentialKind.ApiKey && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Face:ApiKey is missing: provide it through the environment (Face__ApiKey) or a mounted secret file (KeyPerFile:Paths), or set Face:Credential to EntraId.");
        }
        else if (options.ApiKey is { } key && key.Any(char.IsWhiteSpace))
        {
            failures.Add("Face:ApiKey contains white space: check the secret's value (a trailing newline in the file?).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
