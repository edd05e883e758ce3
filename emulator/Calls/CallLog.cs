using Liveness.Emulator.Edge;

namespace Liveness.Emulator.Calls;

/// <summary>Counts Face calls per operation (each one is billed by the service) and keeps the latest ones.</summary>
internal sealed class CallLog
{
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<RecordedCall> _requests = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _total;

    public CallLog() => Reset();

    public void Record(RecordedCall call)
    {
        lock (_gate)
        {
            _total++;
            _counts[call.Operation] = _counts.GetValueOrDefault(call.Operation) + 1;
            _requests.Enqueue(call);
            while (_requests.Count > Capacity)
            {
                _requests.Dequeue();
            }
        }
    }

    public CallSummary Snapshot()
    {
        lock (_gate)
        {
            return new CallSummary(_total, new Dictionary<string, int>(_counts), _requests.ToArray());
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _total = 0;
            _requests.Clear();
            _counts.Clear();
            foreach (var operation in FaceOperation.Known)
            {
                _counts[operation] = 0;
            }
        }
    }
}
