using System.Security.Cryptography;
using System.Text;
using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Identity;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>
/// Each user's <c>userCorrelationId</c> for Face's abuse monitoring (<see cref="UserCorrelationIds"/>: the deployment's
/// secret, the user's key and the user's salt), and its reset by an operator. The secret is read once, at startup;
/// Development without one uses a random secret of this process (logged, without its value).
/// </summary>
internal sealed class UserCorrelations
{
    private readonly byte[] _secret;
    private readonly IUserCorrelationStore _store;

    public UserCorrelations(IOptions<AbuseMonitoringOptions> options, IUserCorrelationStore store, ILogger<UserCorrelations> logger)
    {
        _store = store;
        if (options.Value.CorrelationSecret is { Length: > 0 } secret)
        {
            _secret = Encoding.UTF8.GetBytes(secret);
        }
        else
        {
            _secret = RandomNumberGenerator.GetBytes(UserCorrelationIds.MinSecretBytes);
            Log.GeneratedCorrelationSecret(logger);
        }
    }

    /// <summary>The user's current <c>userCorrelationId</c>; the store's failure is a <see cref="Policies.Ownership.SessionStoreUnavailableException"/>.</summary>
    public async Task<string> ForAsync(UserId user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var salt = await _store.FindSaltAsync(user.Key, cancellationToken);
        return UserCorrelationIds.Derive(_secret, user, salt);
    }

    /// <summary>Gives <paramref name="user"/> a new <c>userCorrelationId</c> from now on; no other user's changes.</summary>
    public Task ResetAsync(UserId user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _store.ResetAsync(user.Key, cancellationToken);
    }
}
