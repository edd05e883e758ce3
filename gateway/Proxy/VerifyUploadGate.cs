using System.Threading.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Bounds the verify creates one replica holds at once (<see cref="SessionPolicyOptions.MaxConcurrentVerifyUploads"/>):
/// each buffers its image until Face answers, so the bound is the replica's upload memory. A request
/// over it is refused at once, before its body is read; there is no queue (a waiting upload would hold
/// its connection and the client's bytes anyway).
/// </summary>
internal sealed class VerifyUploadGate(IOptions<SessionPolicyOptions> policy) : IDisposable
{
    /// <summary>What a refused client is told to wait: an upload and its Face call take about this long.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = policy.Value.MaxConcurrentVerifyUploads,
        QueueLimit = 0,
    });

    /// <summary>A lease to dispose when the upload's memory is released, or null when the bound is reached.</summary>
    public IDisposable? TryEnter()
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
