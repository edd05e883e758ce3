using Microsoft.Extensions.Options;

namespace Liveness.Policies.Sessions;

/// <summary>Startup validation of <see cref="SessionPolicyOptions"/>; each failure says how to fix the setting.</summary>
internal sealed class SessionPolicyOptionsValidator : IValidateOptions<SessionPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionPolicyOptions options)
    {
        var section = SessionPolicyOptions.SectionName;
        var failures = new List<string>();
        if (options.AuthTokenTimeToLiveInSeconds is < 60 or > 86400)
        {
            failures.Add($"{section}:AuthTokenTimeToLiveInSeconds is {options.AuthTokenTimeToLiveInSeconds}: set it between 60 and 86400 (Face's limits).");
        }

        if (options.NumberOfClientAttemptsAllowed is < 1 or > 3)
        {
            failures.Add($"{section}:NumberOfClientAttemptsAllowed is {options.NumberOfClientAttemptsAllowed}: set it between 1 and 3 (Face's limits).");
        }

        if (!LivenessOperationModes.IsValid(options.DefaultLivenessOperationMode))
        {
            failures.Add($"{section}:DefaultLivenessOperationMode must be '{LivenessOperationModes.Passive}' or '{LivenessOperationModes.PassiveActive}'.");
        }

        if (options.MaxVerifyImageBytes is < 1024 or > 6 * 1024 * 1024)
        {
            failures.Add($"{section}:MaxVerifyImageBytes is {options.MaxVerifyImageBytes}: set it between 1024 and 6291456 (Face accepts at most 6 MB).");
        }

        if (options.MaxConcurrentVerifyUploads is < 1 or > 1024)
        {
            failures.Add($"{section}:MaxConcurrentVerifyUploads is {options.MaxConcurrentVerifyUploads}: set it between 1 and 1024 (each verify create in flight holds up to MaxVerifyImageBytes of memory).");
        }

        if (options.MaxCreateBodyBytes is < 256 or > 1024 * 1024)
        {
            failures.Add($"{section}:MaxCreateBodyBytes is {options.MaxCreateBodyBytes}: set it between 256 and 1048576.");
        }

        if (options.RecordTimeToLive < SessionPolicyOptions.FaceSessionLifetime)
        {
            failures.Add($"{section}:RecordTimeToLive is {options.RecordTimeToLive}: it must be at least {SessionPolicyOptions.FaceSessionLifetime} (Face keeps a session 48 h) so no session outlives its owner record.");
        }

        if (!Enum.IsDefined(options.ClientResultView))
        {
            failures.Add($"{section}:ClientResultView is {options.ClientResultView}: set it to '{ClientResultView.Full}' (Face's JSON) or '{ClientResultView.Decision}' (sessionId, status, decision, isIdentical).");
        }

        if (options.LivenessModelVersion is { } model && (model.Length > 32 || model.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.')))
        {
            failures.Add($"{section}:LivenessModelVersion '{model}' is not a model version such as '2024-11-15'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
