using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Sessions;

/// <summary>
/// Registers the session rules, <see cref="SessionPolicyOptions"/> (section <c>Sessions</c>, validated at startup).
/// The session store and the finished-result cache call it (their records expire by its rules); the second call adds nothing.
/// </summary>
public static class SessionPolicyServiceCollectionExtensions
{
    public static IServiceCollection AddSessionPolicy(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<SessionPolicyOptions>) && d.ImplementationType == typeof(SessionPolicyOptionsValidator)))
        {
            return services;
        }

        services.AddOptions<SessionPolicyOptions>().BindConfiguration(SessionPolicyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionPolicyOptions>, SessionPolicyOptionsValidator>();
        return services;
    }
}
