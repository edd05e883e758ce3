namespace Liveness.Emulator.Faults;

/// <summary>The faults currently injected; each Face call takes one from <see cref="FailNext"/>.</summary>
internal sealed class FaultState
{
    private readonly Lock _gate = new();
    private int _latencyMs;
    private FailNext? _failNext;

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return new FaultSettings { LatencyMs = _latencyMs, FailNext = _failNext };
            }
        }
    }

    public void Apply(FaultSettings settings)
    {
        lock (_gate)
        {
            _latencyMs = settings.LatencyMs ?? _latencyMs;
            if (settings.FailNext is { } failNext)
            {
                _failNext = failNext.Count > 0 ? failNext : null;
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _latencyMs = 0;
            _failNext = null;
        }
    }

    /// <summary>The latency and the failure (if any) for the call being handled now.</summary>
    public (int LatencyMs, FailNext? Failure) Take()
    {
        lock (_gate)
        {
            var failure = _failNext;
            if (failure is not null)
            {
                _failNext = failure.Count > 1 ? failure with { Count = failure.Count - 1 } : null;
            }

            return (_latencyMs, failure);
        }
    }
}
