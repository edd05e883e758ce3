using System.Collections.Concurrent;

namespace Liveness.Policies.AbuseMonitoring;

/// <summary>
/// Correlation salts in this process only: for Development without Redis. Only users an operator reset have one, so
/// it stays small without a bound.
/// </summary>
internal sealed class InMemoryUserCorrelationStore : IUserCorrelationStore
{
    private readonly ConcurrentDictionary<string, string> _salts = new(StringComparer.Ordinal);

    public Task<string?> FindSaltAsync(string ownerKey, CancellationToken cancellationToken) =>
        Task.FromResult(_salts.TryGetValue(ownerKey, out var salt) ? salt : null);

    public Task ResetAsync(string ownerKey, CancellationToken cancellationToken)
    {
        _salts[ownerKey] = RedisUserCorrelationStore.NewSalt();
        return Task.CompletedTask;
    }
}
