using Microsoft.Extensions.Options;

namespace Liveness.Emulator;

/// <summary>Refuses to start without a key, with a message that says how to set one.</summary>
internal sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail(
                "Emulator:ApiKey is not set: run with Emulator__ApiKey=<any secret> (environment) or --Emulator:ApiKey=<any secret>.");
        }

        if (options.BearerToken is not null && string.IsNullOrWhiteSpace(options.BearerToken))
        {
            return ValidateOptionsResult.Fail("Emulator:BearerToken is blank: remove the setting or give it a value.");
        }

        return ValidateOptionsResult.Success;
    }
}
