using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.RateLimiting;

/// <summary>The Development throttle (no Redis): the same rules as Redis's, on the app's clock.</summary>
public sealed class InMemoryFailedCheckThrottleTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryFailedCheckThrottle _throttle;

    public InMemoryFailedCheckThrottleTests() =>
        _throttle = new InMemoryFailedCheckThrottle(Options.Create(new FailedCheckOptions()), Options.Create(new SessionPolicyOptions()), _time);

    [Fact]
    public async Task FiveSessionsFailed_CooldownFromTheLastFailure_OneSessionCountedOnce()
    {
        var repeated = Guid.NewGuid().ToString();
        for (var i = 0; i < 5; i++)
        {
            await _throttle.RecordFailureAsync("owner", repeated, default);
        }

        Assert.Null(await _throttle.RemainingCooldownAsync("owner", default));
        for (var i = 0; i < 4; i++)
        {
            await _throttle.RecordFailureAsync("owner", Guid.NewGuid().ToString(), default);
        }

        Assert.Equal(TimeSpan.FromMinutes(30), await _throttle.RemainingCooldownAsync("owner", default));
        Assert.Null(await _throttle.RemainingCooldownAsync("other-owner", default));
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(await _throttle.RemainingCooldownAsync("owner", default));
    }

    [Fact]
    public async Task FailuresFurtherApartThanTheWindow_NeverStartACooldown()
    {
        for (var i = 0; i < 12; i++)
        {
            await _throttle.RecordFailureAsync("owner", Guid.NewGuid().ToString(), default);
            _time.Advance(TimeSpan.FromSeconds(46));
        }

        Assert.Null(await _throttle.RemainingCooldownAsync("owner", default));
    }

    public void Dispose() => _throttle.Dispose();
}
