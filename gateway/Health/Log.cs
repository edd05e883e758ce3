namespace Liveness.Gateway.Health;

/// <summary>Log events of health and shutdown (4xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Stopping: readiness now fails; requests in flight have up to {DrainTimeout} to finish.")]
    public static partial void Draining(ILogger logger, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Still accepting requests for {Delay} so load balancers see the gateway unready before it refuses connections.")]
    public static partial void ReadinessDelay(ILogger logger, TimeSpan delay);
}
