using System.Security.Cryptography;
using Liveness.Policies.Ownership;
using StackExchange.Redis;

namespace Liveness.Policies.AbuseMonitoring;

/// <summary>
/// Correlation salts in Redis, shared by every replica: one string per reset user under the owner's hash tag
/// (<see cref="RedisOwnerKeys.CorrelationSalt"/>), so it works on Redis Cluster too. It has no expiry: Face's abuse
/// history of a user must not be shed by waiting.
/// </summary>
internal sealed class RedisUserCorrelationStore(IConnectionMultiplexer redis) : IUserCorrelationStore
{
    public Task<string?> FindSaltAsync(string ownerKey, CancellationToken cancellationToken) =>
        RedisCalls.ExecuteAsync(redis, async db =>
        {
            var salt = await db.StringGetAsync(RedisOwnerKeys.CorrelationSalt(ownerKey));
            return salt.IsNullOrEmpty ? null : salt.ToString();
        });

    public Task ResetAsync(string ownerKey, CancellationToken cancellationToken) =>
        RedisCalls.ExecuteAsync(redis, db => db.StringSetAsync(RedisOwnerKeys.CorrelationSalt(ownerKey), NewSalt()));

    /// <summary>128 random bits, hex.</summary>
    internal static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
