using System.Text;
using Liveness.Gateway.Face;
using Liveness.Policies.AbuseMonitoring;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>Startup validation of <see cref="AbuseMonitoringOptions"/>; each failure says how to fix the setting and never shows the secret.</summary>
internal sealed class AbuseMonitoringOptionsValidator(IHostEnvironment environment, IOptions<FaceOptions> face) : IValidateOptions<AbuseMonitoringOptions>
{
    private const string Section = AbuseMonitoringOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AbuseMonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.CorrelationSecret))
        {
            if (face.Value.UsesAbuseMonitoring && !environment.IsDevelopment())
            {
                failures.Add($"{Section}:CorrelationSecret is missing and Face:ApiVersion is {FaceOptions.AbuseMonitoringApiVersion}: mount a secret of at least "
                    + $"{UserCorrelationIds.MinSecretBytes} bytes as a file (KeyPerFile:Paths, file Face__AbuseMonitoring__CorrelationSecret), e.g. from 'openssl rand -base64 48'.");
            }
        }
        else if (options.CorrelationSecret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:CorrelationSecret contains white space: check the secret's value (a trailing newline in the file?).");
        }
        else if (Encoding.UTF8.GetByteCount(options.CorrelationSecret) < UserCorrelationIds.MinSecretBytes)
        {
            failures.Add($"{Section}:CorrelationSecret is too short: use at least {UserCorrelationIds.MinSecretBytes} bytes, e.g. from 'openssl rand -base64 48'.");
        }

        if (string.IsNullOrWhiteSpace(options.OperatorClaimType) || options.OperatorClaimType.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:OperatorClaimType is empty or contains white space: name the token claim that marks operators (default 'roles').");
        }

        if (string.IsNullOrWhiteSpace(options.OperatorClaimValue) || options.OperatorClaimValue.Any(char.IsControl))
        {
            failures.Add($"{Section}:OperatorClaimValue is empty: name the role (or claim value) only operators have (default 'liveness-operator').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
