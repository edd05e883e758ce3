namespace Liveness.Policies.AbuseMonitoring;

/// <summary>
/// Each user's correlation salt: what is mixed into the <c>userCorrelationId</c> the gateway derives for Face's abuse
/// monitoring (<see cref="UserCorrelationIds"/>). A user who was never reset has none; a reset gives the user a new
/// random salt, and so a new <c>userCorrelationId</c> from then on, touching no other user. Failures of the store are
/// <see cref="Ownership.SessionStoreUnavailableException"/>.
/// </summary>
public interface IUserCorrelationStore
{
    /// <summary>The owner's current salt, or null when the owner was never reset.</summary>
    Task<string?> FindSaltAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>Gives the owner a new random salt, replacing any earlier one.</summary>
    Task ResetAsync(string ownerKey, CancellationToken cancellationToken);
}
