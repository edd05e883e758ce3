namespace Liveness.Emulator.Calls;

/// <summary>Answer of <c>GET /emulator/calls</c>: every Face call counted, the last 1000 kept, oldest first.</summary>
internal sealed record CallSummary(int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<RecordedCall> Requests);
