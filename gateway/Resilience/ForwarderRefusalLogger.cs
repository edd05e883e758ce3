namespace Liveness.Gateway.Resilience;

/// <summary>
/// Stands in for the logger of YARP's forwarder (<c>Yarp.ReverseProxy.Forwarder.HttpForwarder</c>, same category).
/// YARP logs every forward that threw as a warning with the exception and its stack trace (event 48,
/// <c>ForwardingError</c>). A Face call the gateway held back by its own rule (<see cref="UpstreamRefusal.IsRefusal"/>:
/// no permit of the Face budget, circuit open, no Face credential) is no fault: the gateway answers and records it
/// itself. Measured: each 429 of a burst over the Face budget added such a warning beside its audit event. Those
/// entries are written at Debug; every other entry passes unchanged.
/// </summary>
/// <typeparam name="T">YARP's forwarder type, whose logger this is.</typeparam>
internal sealed class ForwarderRefusalLogger<T>(ILoggerFactory factory) : ILogger<T>
{
    private readonly ILogger _logger = factory.CreateLogger<T>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning && UpstreamRefusal.IsRefusal(exception))
        {
            logLevel = LogLevel.Debug;
        }

        _logger.Log(logLevel, eventId, state, exception, formatter);
    }
}
