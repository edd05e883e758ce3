using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Liveness.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Liveness.Policies.Tests.Verdicts;

/// <summary>
/// <see cref="VerdictsServiceCollectionExtensions.AddVerdicts"/>'s Redis store: the latest verdict per owner, under the
/// owner's hash tag, a session's first decision time kept, expiry on the app's clock, a pass used once.
/// </summary>
public abstract class VerdictStoreTests(SharedStateBackend backend, RedisClusterFixture? cluster = null) : SharedStateTests<IVerdictStore>(backend, cluster)
{
    private const string Owner = "0123456789abcdef";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ConnectionMultiplexer _redis = null!;

    protected IVerdictStore Store => State;

    protected override void Register(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(_time);
        services.AddVerdicts();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString!);
    }

    public override async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Record_VerifyPass_FoundWithEveryField_UnderTheOwnersHashTag()
    {
        var owner = NewOwner();
        var verdict = Verdict(SessionKind.LivenessWithVerify, "realface", isIdentical: true) with { MatchConfidence = 0.9312, ModelVersion = "2024-11-15", Digest = "B0A803BB7B26F3C8F29CD36030F8E63ED3FAF4D8" };

        await Store.RecordAsync(owner, verdict, default);

        var found = await Store.FindLatestAsync(owner, default);
        Assert.Equal(verdict with { DecidedAt = DateTimeOffset.FromUnixTimeMilliseconds(verdict.DecidedAt.ToUnixTimeMilliseconds()) }, found);
        Assert.True(found!.IsPass);
        Assert.True(await _redis.GetDatabase().KeyExistsAsync($"liveness:{{{owner}}}:verdict"));
        Assert.Null(await Store.FindLatestAsync(NewOwner(), default));
    }

    [Fact]
    public async Task Record_AbuseDetected_KeptAndNeverAPass()
    {
        var owner = NewOwner();
        var flagged = Verdict(SessionKind.Liveness, "realface") with { IsAbuseDetected = true };

        await Store.RecordAsync(owner, flagged, default);

        var latest = await Store.FindLatestAsync(owner, default);
        var session = await Store.FindAsync(owner, flagged.SessionId, default);
        Assert.True(latest!.IsAbuseDetected);
        Assert.True(session!.IsAbuseDetected);
        Assert.False(latest.IsPass);
        Assert.Equal("realface", latest.Decision);
        Assert.Equal("1", (string?)await _redis.GetDatabase().HashGetAsync($"liveness:{{{owner}}}:verdict:{flagged.SessionId}", "abuse"));
    }

    [Fact]
    public async Task Record_SameSessionSeenAgainLater_KeepsWhenItWasFirstSeenFinal()
    {
        var owner = NewOwner();
        var first = Verdict(SessionKind.Liveness, "realface");
        await Store.RecordAsync(owner, first, default);
        _time.Advance(TimeSpan.FromMinutes(20));

        await Store.RecordAsync(owner, first with { DecidedAt = _time.GetUtcNow() }, default);

        Assert.Equal(first.DecidedAt.ToUnixTimeMilliseconds(), (await Store.FindLatestAsync(owner, default))!.DecidedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Find_EachSessionsVerdictAsFirstRecorded_EvenWhenAnotherIsTheLatest()
    {
        var owner = NewOwner();
        var pass = Verdict(SessionKind.Liveness, "realface");
        await Store.RecordAsync(owner, pass, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var failure = Verdict(SessionKind.Liveness, "spoofface");
        await Store.RecordAsync(owner, failure, default);

        var found = await Store.FindAsync(owner, pass.SessionId, default);

        Assert.Equal(pass.SessionId, found!.SessionId);
        Assert.True(found.IsPass);
        Assert.Equal(pass.DecidedAt.ToUnixTimeMilliseconds(), found.DecidedAt.ToUnixTimeMilliseconds());
        Assert.Null(await Store.FindAsync(owner, Guid.NewGuid().ToString(), default));
        Assert.Null(await Store.FindAsync(NewOwner(), pass.SessionId, default)); // another owner's tag: not there
    }

    [Fact]
    public async Task Record_OlderPassSeenAgainAfterANewerFailure_TheFailureStaysTheLatest()
    {
        var owner = NewOwner();
        var pass = Verdict(SessionKind.Liveness, "realface");
        await Store.RecordAsync(owner, pass, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var failure = Verdict(SessionKind.Liveness, "spoofface");
        await Store.RecordAsync(owner, failure, default);
        _time.Advance(TimeSpan.FromMinutes(1));

        await Store.RecordAsync(owner, pass with { DecidedAt = _time.GetUtcNow() }, default);

        var latest = await Store.FindLatestAsync(owner, default);
        Assert.Equal(failure.SessionId, latest!.SessionId);
        Assert.False(latest.IsPass);
    }

    [Fact]
    public async Task FindLatest_AfterTheTimeToLive_FindsNothing_AndRedisExpiresIt()
    {
        var owner = NewOwner();
        await Store.RecordAsync(owner, Verdict(SessionKind.Liveness, "realface"), default);

        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync($"liveness:{{{owner}}}:verdict");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1)); // Liveness:Verdicts:TimeToLive's default
        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Store.FindLatestAsync(owner, default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Store.FindLatestAsync(owner, default));
    }

    [Fact]
    public async Task TryConsume_20AtOnce_ExactlyOneUsesThePass_OtherSessionsAndOwnersUnaffected()
    {
        var owner = NewOwner();
        var sessionId = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.TryConsumeAsync(owner, sessionId, default))));

        Assert.Single(results, used => used);
        Assert.False(await Store.TryConsumeAsync(owner, sessionId, default));
        Assert.True(await Store.TryConsumeAsync(owner, Guid.NewGuid().ToString(), default));
        Assert.True(await Store.TryConsumeAsync(NewOwner(), sessionId, default));
    }

    [Fact]
    public async Task RemoveAll_OwnersVerdictsAndUsedPassesGone_IncludingOneRecordedBeforeItWasListed_OtherOwnerKept()
    {
        var owner = NewOwner();
        var other = NewOwner();
        var first = Verdict(SessionKind.Liveness, "realface");
        var second = Verdict(SessionKind.LivenessWithVerify, "realface", isIdentical: true);
        await Store.RecordAsync(owner, first, default);
        await Store.RecordAsync(owner, second, default);
        await Store.RecordAsync(other, first, default);
        Assert.True(await Store.TryConsumeAsync(owner, first.SessionId, default));
        var db = _redis.GetDatabase();
        var unlisted = Guid.NewGuid().ToString(); // as a verdict recorded before the owner's list of them existed
        await db.HashSetAsync($"liveness:{{{owner}}}:verdict:{unlisted}", [new HashEntry("session", unlisted), new HashEntry("kind", "liveness"), new HashEntry("decided", 1)]);
        Assert.Equal(2, await db.SetLengthAsync($"liveness:{{{owner}}}:verdicts"));

        await Store.RemoveAllAsync(owner, [unlisted], default);

        Assert.Null(await Store.FindLatestAsync(owner, default));
        Assert.Null(await Store.FindAsync(owner, first.SessionId, default));
        Assert.Null(await Store.FindAsync(owner, second.SessionId, default));
        Assert.Null(await Store.FindAsync(owner, unlisted, default));
        Assert.False(await db.KeyExistsAsync($"liveness:{{{owner}}}:verdicts"));
        Assert.False(await db.KeyExistsAsync($"liveness:{{{owner}}}:verdict:{first.SessionId}:used"));
        Assert.NotNull(await Store.FindLatestAsync(other, default));
        Assert.NotNull(await Store.FindAsync(other, first.SessionId, default));
    }

    private static string NewOwner() => $"{Owner}{Guid.NewGuid():N}";

    private LivenessVerdict Verdict(SessionKind kind, string? decision, bool? isIdentical = null) =>
        new(Guid.NewGuid().ToString(), kind, decision, isIdentical, null, null, null, _time.GetUtcNow());
}

/// <summary><see cref="VerdictStoreTests"/> on a single redis-server of its own, which it can also stop.</summary>
public sealed class VerdictStoreOnRedisTests() : VerdictStoreTests(SharedStateBackend.OwnRedisServer)
{
    [Fact]
    public async Task EveryMember_RedisDown_ThrowsSessionStoreUnavailable()
    {
        await OwnServer.StopAsync();

        var verdict = new LivenessVerdict(Guid.NewGuid().ToString(), SessionKind.Liveness, "realface", null, null, null, null, DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.RecordAsync("owner", verdict, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.FindLatestAsync("owner", default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.TryConsumeAsync("owner", verdict.SessionId, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.RemoveAllAsync("owner", [verdict.SessionId], default));
    }
}

/// <summary><see cref="VerdictStoreTests"/> on a 3-node Redis Cluster: every script stays in the owner's slot.</summary>
public sealed class VerdictStoreOnClusterTests(RedisClusterFixture cluster) : VerdictStoreTests(SharedStateBackend.Cluster, cluster), IClassFixture<RedisClusterFixture>;
