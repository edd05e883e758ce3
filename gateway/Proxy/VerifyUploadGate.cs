using System.Threading.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Bounds the verify creates one replica holds at once (<see cref="SessionPolicyOptions.MaxConcurrentVerifyUploads"/>):
/// each buffers its image until Face answers, so the bound is the replica's upload memory. A request
/// over it is refused at once, before its body is read; there is no queue (a waiting upload would hold
/// its connection and the client's bytes anyway).
/// <para>
/// The image buffers are large objects, which .NET collects only in full collections, and a burst of
/// uploads leaves no allocations behind it to cause one: the memory would stay with the process. So once
/// the last upload of a burst of at least <see cref="TrimAfterBytes"/> has left, and nothing new has come
/// in for <see cref="TrimDelay"/>, the gate asks for one compacting collection that returns the freed
/// memory to the system.
/// </para>
/// </summary>
internal sealed class VerifyUploadGate(IOptions<SessionPolicyOptions> policy, TimeProvider time, ILogger<VerifyUploadGate> logger) : IDisposable
{
    /// <summary>What a refused client is told to wait: an upload and its Face call take about this long.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Uploaded bytes since the last trim that make one worth its pause (one full blocking collection; the log says how long it took).</summary>
    public const long TrimAfterBytes = 32L * 1024 * 1024;

    /// <summary>Quiet time after a burst before the trim (lets the last requests' objects become unreachable).</summary>
    public static readonly TimeSpan TrimDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = policy.Value.MaxConcurrentVerifyUploads,
        QueueLimit = 0,
    });

    private readonly Lock _lock = new();
    private int _inFlight;
    private long _bytesSinceTrim;
    private ITimer? _trim;

    /// <summary>A place for an upload of <paramref name="contentLength"/> bytes, to dispose when its memory is released; null when the bound is reached.</summary>
    public IDisposable? TryEnter(long? contentLength)
    {
        var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return null;
        }

        lock (_lock)
        {
            _inFlight++;
            _bytesSinceTrim += Math.Max(0, contentLength ?? 0);
            _trim?.Dispose();
            _trim = null;
        }

        return new Place(this, lease);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _trim?.Dispose();
        }

        _limiter.Dispose();
    }

    private void Leave(RateLimitLease lease)
    {
        lease.Dispose();
        lock (_lock)
        {
            if (--_inFlight == 0 && _bytesSinceTrim >= TrimAfterBytes)
            {
                _trim?.Dispose();
                _trim = time.CreateTimer(_ => Trim(), null, TrimDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Trim()
    {
        long bytes;
        lock (_lock)
        {
            if (_inFlight > 0)
            {
                return; // a new burst began: its end schedules the trim
            }

            bytes = _bytesSinceTrim;
            _bytesSinceTrim = 0;
        }

        var started = time.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = time.GetElapsedTime(started);
        Log.UploadMemoryTrimmed(logger, bytes, pause.TotalMilliseconds);
    }

    private sealed class Place(VerifyUploadGate gate, RateLimitLease lease) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(lease);
            }
        }
    }
}
