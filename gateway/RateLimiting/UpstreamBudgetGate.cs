using Liveness.Policies.RateLimiting;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// Takes a permit of the <see cref="IUpstreamBudget"/> for one attempt of a Face call (the Face HTTP pipeline,
/// <c>Face/FaceAttemptHandler</c>), waiting for one when the budget is spent. A client's request waits briefly
/// (<see cref="UpstreamBudgetOptions.QueueTimeout"/>, at most <see cref="UpstreamBudgetOptions.QueueLimit"/>
/// waiters on this replica); the gateway's own call matters more and waits longer, outside that limit. A waiter
/// sleeps until a permit may free and asks again; it is not a strict FIFO queue, and it gives up as soon as the
/// next permit is known to free too late.
/// </summary>
internal sealed class UpstreamBudgetGate(IUpstreamBudget budget, IOptions<UpstreamBudgetOptions> options, TimeProvider time)
{
    /// <summary>Longest wait of the gateway's own call (the compensating delete of a session without an owner).</summary>
    public static readonly TimeSpan GatewayCallMaxWait = TimeSpan.FromSeconds(10);

    /// <summary>Shortest pause between two attempts, so that waiters woken together do not spin.</summary>
    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(5);

    private int _waiting;

    /// <summary>A permit for a client's request, within the configured queue.</summary>
    public Task<UpstreamPermit> EnterAsync(CancellationToken cancellationToken) =>
        EnterAsync(options.Value.QueueTimeout, options.Value.QueueLimit, cancellationToken);

    /// <summary>A permit for the gateway's own call: up to <see cref="GatewayCallMaxWait"/>, not counted against the queue limit.</summary>
    public Task<UpstreamPermit> EnterGatewayCallAsync(CancellationToken cancellationToken) =>
        EnterAsync(GatewayCallMaxWait, int.MaxValue, cancellationToken);

    /// <summary>
    /// A permit for background work (the deletion sweeper), only if one is free at once and no call waits for one on
    /// this replica: background work never waits, and never takes a permit a waiting call could have. Otherwise the
    /// refusal, without asking the budget when a call waits.
    /// </summary>
    public async Task<UpstreamPermit> EnterBackgroundCallAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _waiting) > 0)
        {
            return UpstreamPermit.Refused(MinimumPause);
        }

        return await budget.TryAcquireAsync(cancellationToken);
    }

    /// <summary>Calls waiting for a permit on this replica now.</summary>
    public int WaitingCalls => Volatile.Read(ref _waiting);

    /// <summary>Face answered the call made with <paramref name="permit"/>. Not cancellable: a permit is always given back.</summary>
    public Task LeaveAsync(UpstreamPermit permit) =>
        permit.IsAcquired ? budget.ReleaseAsync(permit, CancellationToken.None) : Task.CompletedTask;

    /// <summary>A permit, waiting at most <paramref name="maxWait"/>, as one of at most <paramref name="queueLimit"/> waiters.</summary>
    private async Task<UpstreamPermit> EnterAsync(TimeSpan maxWait, int queueLimit, CancellationToken cancellationToken)
    {
        var permit = await budget.TryAcquireAsync(cancellationToken);
        if (permit.IsAcquired || permit.RetryAfter > maxWait)
        {
            return permit;
        }

        if (Interlocked.Increment(ref _waiting) > queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            return permit;
        }

        try
        {
            var deadline = time.GetUtcNow() + maxWait;
            while (true)
            {
                await Task.Delay(permit.RetryAfter > MinimumPause ? permit.RetryAfter : MinimumPause, time, cancellationToken);
                permit = await budget.TryAcquireAsync(cancellationToken);
                if (permit.IsAcquired || time.GetUtcNow() + permit.RetryAfter > deadline)
                {
                    return permit;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
