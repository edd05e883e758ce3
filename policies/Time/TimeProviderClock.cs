namespace Liveness.Policies.Time;

/// <summary>
/// A <see cref="TimeProvider"/> as the clock <c>MemoryCache</c> expires entries by (its options take the older
/// <see cref="Microsoft.Extensions.Internal.ISystemClock"/>), so that tests moving the app's clock move cache expiry too.
/// </summary>
public sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
