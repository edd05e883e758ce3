using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>
/// Removal notices over Redis pub/sub: <see cref="RedisSessionStore"/> publishes the session id on
/// <see cref="Channel"/> in the transaction that removes the record. Pub/sub delivers at most once and only
/// to connected subscribers, so a reconnection reports that notices may have been missed.
/// </summary>
internal sealed class RedisSessionRemovalNotices(IConnectionMultiplexer redis) : ISessionRemovalNotices
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("liveness:session-removed");

    public void Subscribe(Action<string> removed, Action missed)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(missed);

        // Fire and forget: the handler is registered at once, and StackExchange.Redis (re)subscribes
        // whenever the connection is (re)established, so a Redis that is down at startup is no error.
        redis.GetSubscriber().Subscribe(Channel, (_, message) =>
        {
            if (message.HasValue)
            {
                removed(message.ToString());
            }
        }, CommandFlags.FireAndForget);
        redis.ConnectionRestored += (_, _) => missed();
    }
}
