using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.Verdicts;

/// <summary>The Development store (no Redis): the same rules as Redis's, on the app's clock.</summary>
public sealed class InMemoryVerdictStoreTests : IDisposable
{
    private const string Owner = "owner";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryVerdictStore _store;

    public InMemoryVerdictStoreTests() =>
        _store = new InMemoryVerdictStore(Options.Create(new VerdictOptions()), Options.Create(new SessionPolicyOptions()), _time);

    [Fact]
    public async Task Record_SameSessionLater_KeepsFirstDecidedAt_AndAnOlderPassNeverDisplacesANewerFailure()
    {
        var pass = Verdict("realface");
        await _store.RecordAsync(Owner, pass, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var failure = Verdict("spoofface");
        await _store.RecordAsync(Owner, failure, default);
        _time.Advance(TimeSpan.FromMinutes(1));

        await _store.RecordAsync(Owner, pass with { DecidedAt = _time.GetUtcNow() }, default);
        Assert.Equal(failure, await _store.FindLatestAsync(Owner, default));
        Assert.Null(await _store.FindLatestAsync("other-owner", default));
    }

    [Fact]
    public async Task RemoveAll_OwnersVerdictsAndUsedPassesGone_OtherOwnerKept()
    {
        var pass = Verdict("realface");
        await _store.RecordAsync(Owner, pass, default);
        await _store.RecordAsync("other-owner", pass, default);
        Assert.True(await _store.TryConsumeAsync(Owner, pass.SessionId, default));

        await _store.RemoveAllAsync(Owner, [], default);

        Assert.Null(await _store.FindLatestAsync(Owner, default));
        Assert.Null(await _store.FindAsync(Owner, pass.SessionId, default));
        Assert.True(await _store.TryConsumeAsync(Owner, pass.SessionId, default)); // the mark went too (with no pass left to use)
        Assert.Equal(pass, await _store.FindLatestAsync("other-owner", default));
    }

    [Fact]
    public async Task Record_AbuseDetected_KeptAndNeverAPass()
    {
        var flagged = Verdict("realface") with { IsAbuseDetected = true };

        await _store.RecordAsync(Owner, flagged, default);

        var found = await _store.FindAsync(Owner, flagged.SessionId, default);
        Assert.True(found!.IsAbuseDetected);
        Assert.False(found.IsPass);
        Assert.True((flagged with { IsAbuseDetected = false }).IsPass);
    }

    [Fact]
    public async Task FindLatest_AfterTheTimeToLive_FindsNothing()
    {
        await _store.RecordAsync(Owner, Verdict("realface"), default);

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _store.FindLatestAsync(Owner, default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _store.FindLatestAsync(Owner, default));
    }

    [Fact]
    public async Task TryConsume_20AtOnce_ExactlyOneUsesThePass()
    {
        var sessionId = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _store.TryConsumeAsync(Owner, sessionId, default))));

        Assert.Single(results, used => used);
        Assert.True(await _store.TryConsumeAsync("other-owner", sessionId, default));
    }

    public void Dispose() => _store.Dispose();

    private LivenessVerdict Verdict(string decision) =>
        new(Guid.NewGuid().ToString(), SessionKind.Liveness, decision, null, null, null, null, _time.GetUtcNow());
}
