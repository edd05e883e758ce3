namespace Liveness.Emulator.Faults;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Faults set: latency {LatencyMs} ms, fail next {Count} call(s) with {Kind}")]
    public static partial void FaultsSet(ILogger logger, int? latencyMs, int count, string kind);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Injected fault {Kind} into Face call {Operation}")]
    public static partial void FaultInjected(ILogger logger, string kind, string operation);
}
