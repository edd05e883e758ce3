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

        // In EntraId mode no key is needed; one that is set anyway must still be well-formed.
        if ((options.Credential == FaceCredentialKind.ApiKey || !string.IsNullOrEmpty(options.ApiKey)) && ApiKeyProblem(options.ApiKey) is { } problem)
        {
            failures.Add(problem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why <paramref name="key"/> cannot be a Face key, or null when it can (also used for keys reloaded at run time).</summary>
    public static string? ApiKeyProblem(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "Face:ApiKey is missing: provide it through the environment (Face__ApiKey) or a mounted secret file (KeyPerFile:Paths), or set Face:Credential to EntraId.";
        }

        return key.Any(char.IsWhiteSpace) || key.Any(char.IsControl)
            ? "Face:ApiKey contains white space: check the secret's value (a trailing newline in the file?)."
            : null;
    }
}
