using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// How the Redis-backed stores beside the session store (finished results, verdicts, failed checks) call Redis: they
/// fail fast while the connection is down (a caller must not wait for a Redis timeout to fail closed), and any
/// failure of the client becomes a <see cref="SessionStoreUnavailableException"/>. That includes a
/// <c>RedisCommandException</c> (a command the client refuses before sending it, which is no <c>RedisException</c>)
/// and a script error.
/// </summary>
internal static class RedisCalls
{
    public static async Task<T> ExecuteAsync<T>(IConnectionMultiplexer redis, Func<IDatabase, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(operation);
        if (!redis.IsConnected)
        {
            throw new SessionStoreUnavailableException("Redis is unavailable.");
        }

        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (Exception e) when (e is not SessionStoreUnavailableException)
        {
            throw new SessionStoreUnavailableException("Redis is unavailable.", e);
        }
    }
}
