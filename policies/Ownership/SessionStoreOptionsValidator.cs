using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Ownership;

/// <summary>Outside Development, the gateway refuses to start without Redis: ownership must be shared by all replicas and survive restarts.</summary>
internal sealed class SessionStoreOptionsValidator(IHostEnvironment environment) : IValidateOptions<SessionStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionStoreOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Redis) || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail($"ConnectionStrings:Redis is not set: in the {environment.EnvironmentName} environment the gateway needs Redis to record session ownership (set ConnectionStrings__Redis or mount it as a secret file).");
    }
}
