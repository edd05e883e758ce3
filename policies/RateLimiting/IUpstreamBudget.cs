namespace Liveness.Policies.RateLimiting;

/// <summary>
/// The deployment-wide budget of Face calls (<see cref="UpstreamBudgetOptions"/>): at most <c>Permits</c> calls
/// in any <c>Window</c> of <see cref="UpstreamBudgetOptions.SlidingWindow"/>. A permit counts from the moment
/// it is taken until one window after Face answered the call (<see cref="ReleaseAsync"/>): Face counts a call
/// when it arrives, somewhere between those two moments, so however long calls take Face never sees more
/// than the budget in any window. Implementations never throw because their store is down: the registered
/// budget falls back to a per-replica one with the same settings.
/// </summary>
public interface IUpstreamBudget
{
    /// <summary>Takes a permit if one is free now; otherwise says how long until one may free. Never waits.</summary>
    Task<UpstreamPermit> TryAcquireAsync(CancellationToken cancellationToken);

    /// <summary>Marks the call made with <paramref name="permit"/> as answered; its permit is free one window later.</summary>
    Task ReleaseAsync(UpstreamPermit permit, CancellationToken cancellationToken);
}
