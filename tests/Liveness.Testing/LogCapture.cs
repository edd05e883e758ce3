using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Liveness.Testing;

/// <summary>Collects every log line a host writes (message, structured values and exception text) for assertions and leak scans.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    /// <summary>Everything logged, as one text, for "does this secret appear anywhere" scans.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => e.ToString()));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            entries.Enqueue(new CapturedLog(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                values?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) ?? [],
                exception?.ToString()));
        }
    }
}
